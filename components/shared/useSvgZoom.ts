"use client";

import { select, type ZoomBehavior, zoom, zoomIdentity } from "d3";
import { type RefObject, useCallback, useEffect, useRef } from "react";

const MIN_SCALE = 0.02;
const MAX_SCALE = 8;

/**
 * Pan and zoom of an SVG drawing with d3-zoom, the one place d3 touches the DOM: it owns the
 * scene's `transform` attribute (React never sets it), so panning re-renders nothing. `onZoom` hears
 * each new scale with the SVG, for what else follows the zoom without a render (the dependency
 * graph's label size). Starts at, and resets to, `fit`; zooms out at least as far as `fit`.
 * Returns the reset, for a "Fit" button.
 */
export function useSvgZoom(
  svgRef: RefObject<SVGSVGElement | null>,
  sceneRef: RefObject<SVGGElement | null>,
  fit: { k: number; x: number; y: number } | undefined,
  onZoom?: (k: number, svg: SVGSVGElement) => void,
): () => void {
  const behaviour = useRef<ZoomBehavior<SVGSVGElement, unknown>>(null);
  // The latest callback, read at each zoom: a new function each render binds d3 no more than once.
  const onZoomRef = useRef(onZoom);
  useEffect(() => {
    onZoomRef.current = onZoom;
  });
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const zoomer = zoom<SVGSVGElement, unknown>()
      .scaleExtent([MIN_SCALE, MAX_SCALE])
      .on("zoom", (event: { transform: { k: number; toString(): string } }) => {
        sceneRef.current?.setAttribute("transform", event.transform.toString());
        onZoomRef.current?.(event.transform.k, svg);
      });
    select(svg).call(zoomer).on("dblclick.zoom", null);
    behaviour.current = zoomer;
    return () => {
      select(svg).on(".zoom", null);
    };
  }, [svgRef, sceneRef]);

  const reset = useCallback(() => {
    const svg = svgRef.current;
    const zoomer = behaviour.current;
    if (!svg || !zoomer || !fit) return;
    // A drawing too big to fit at MIN_SCALE (hundreds of boxes in a row) still fits on "Fit".
    zoomer.scaleExtent([Math.min(MIN_SCALE, fit.k), MAX_SCALE]);
    select(svg).call(zoomer.transform, zoomIdentity.translate(fit.x, fit.y).scale(fit.k));
  }, [svgRef, fit]);
  useEffect(reset, [reset]);
  return reset;
}
