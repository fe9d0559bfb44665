"use client";

import { type PointerEvent as ReactPointerEvent, useEffect, useRef, useState } from "react";
import { brushSlowerThanUs, brushWindow, type ScatterLayout, type TimeWindow } from "@/lib/search/scatter";

/** A smaller drag is a click that wobbled. */
const MIN_BRUSH_PX = 4;

/** What a brush across the scatter plot asks: a time window, or the traces slower than a duration. */
export type ScatterBrush =
  | { axis: "time"; onBrush(window: TimeWindow): void }
  | { axis: "duration"; onBrush(slowerThanUs: number): void };

/** The brushed rectangle, in the SVG's pixels. */
export interface BrushRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The scatter plot's brush: a drag across the plot, along time (a window to zoom to) or along
 * duration (everything from the lower edge of the drag up: "slower than"). Escape cancels a drag.
 * The drag's maths is lib/search/scatter.ts's; this hook only follows the pointer.
 */
export function useScatterBrush(layout: ScatterLayout, brush: ScatterBrush) {
  const [rect, setRect] = useState<BrushRect | null>(null);
  const drag = useRef<{ from: number; to: number; brushing: boolean } | null>(null);
  const { plot, time, duration } = layout;
  const alongTime = brush.axis === "time";
  const canBrush = alongTime ? time !== undefined : duration !== undefined;

  const cancel = () => {
    drag.current = null;
    setRect(null);
  };

  const active = rect !== null;
  useEffect(() => {
    if (!active) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      drag.current = null;
      setRect(null);
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [active]);

  const position = (event: ReactPointerEvent<SVGSVGElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    return alongTime ? event.clientX - box.left : event.clientY - box.top;
  };
  const [low, high] = alongTime ? [plot.left, plot.right] : [plot.top, plot.bottom];
  const rectOf = (from: number, to: number): BrushRect =>
    alongTime
      ? { x: Math.min(from, to), width: Math.abs(to - from), y: plot.top, height: plot.bottom - plot.top }
      : // From the drag's lower edge to the top: the slower-than band.
        { x: plot.left, width: plot.right - plot.left, y: plot.top, height: Math.max(from, to) - plot.top };

  const onPointerDown = (event: ReactPointerEvent<SVGSVGElement>) => {
    if (event.button !== 0 || !canBrush) return;
    const at = position(event);
    if (at >= low && at <= high) drag.current = { from: at, to: at, brushing: false };
  };

  const onPointerMove = (event: ReactPointerEvent<SVGSVGElement>) => {
    const current = drag.current;
    if (!current) return;
    if (event.buttons === 0) return cancel(); // released outside before it became a drag
    const at = Math.min(high, Math.max(low, position(event)));
    if (!current.brushing && Math.abs(at - current.from) <= MIN_BRUSH_PX) return;
    // Captured only once it is a drag, so that a click still lands on the dot under the pointer.
    if (!current.brushing) event.currentTarget.setPointerCapture(event.pointerId);
    current.brushing = true;
    current.to = at;
    setRect(rectOf(current.from, at));
  };

  const onPointerUp = () => {
    const current = drag.current;
    if (current?.brushing && Math.abs(current.to - current.from) > MIN_BRUSH_PX) {
      if (brush.axis === "time" && time) brush.onBrush(brushWindow(current.from, current.to, time));
      if (brush.axis === "duration" && duration) {
        brush.onBrush(brushSlowerThanUs(current.from, current.to, duration));
      }
    }
    cancel();
  };

  return { rect, handlers: { onPointerDown, onPointerMove, onPointerUp, onPointerCancel: cancel } };
}
