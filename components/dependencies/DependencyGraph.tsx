"use client";

import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { ArrowMarkers } from "@/components/shared/ArrowMarkers";
import { useSvgZoom } from "@/components/shared/useSvgZoom";
import type { DependencyGraph as Graph, GraphLink, GraphNode } from "@/lib/api/graph";
import { describeCalls, describeLatency, ERROR_LEVEL_COLORS } from "@/lib/graph/edge-style";
import { forceLayout, forceSize } from "@/lib/graph/force-layout";
import { fitTransform, type Size } from "@/lib/graph/graph-layout";
import type { GraphLayoutMode } from "@/lib/graph/graph-url";
import { layeredSize, layerGraph, placeLayers } from "@/lib/graph/layered-layout";
import { labelRoom, labelZoom } from "@/lib/graph/node-label";
import { DependencyGraphEdges } from "./DependencyGraphEdges";
import { DependencyGraphNode } from "./DependencyGraphNode";

/**
 * The dependency graph as SVG: callers left of what they call (or a force layout), edges as wide as
 * their calls and as red as their errors. Drag to pan, wheel or pinch to zoom, "Fit" to see it all;
 * hover an edge for its calls and latency, click it for its traces; click a node (or Enter) to select
 * it and fade the rest. Labels are whole, wrapped, and sized into the layout.
 */
export function DependencyGraph({
  graph,
  layout: mode,
  selected,
  focus = "",
  folded,
  edgeHref,
  onSelect,
}: {
  graph: Graph;
  layout: GraphLayoutMode;
  selected: string | null;
  /** The focused node, ringed; "" for none. */
  focus?: string;
  /** Per node, the leaves folded into it. */
  folded?: ReadonlyMap<string, GraphNode[]>;
  /** Where clicking an edge goes: its traces. */
  edgeHref?: (link: GraphLink) => string;
  onSelect(name: string | null): void;
}) {
  const containerRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const sceneRef = useRef<SVGGElement>(null);
  // useId's characters are not all valid in a url(#id) reference.
  const markerId = `graph-arrow${useId().replace(/[^\w-]/g, "")}`;
  const [viewport, setViewport] = useState<Size>({ width: 0, height: 0 });
  const [hovered, setHovered] = useState<{ link: GraphLink; x: number; y: number } | null>(null);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const observer = new ResizeObserver(([entry]) =>
      setViewport({
        width: Math.floor(entry?.contentRect.width ?? 0),
        height: Math.floor(entry?.contentRect.height ?? 0),
      }),
    );
    observer.observe(container);
    return () => observer.disconnect();
  }, []);

  const layered = useMemo(() => (mode === "dag" ? layerGraph(graph) : undefined), [graph, mode]);
  const label = useMemo(() => labelRoom(graph.nodes.map((node) => node.name)), [graph]);
  // The force simulation depends on the graph only, so a resize never runs it again.
  const simulated = useMemo(
    () => (mode === "force" ? forceLayout(graph, forceSize(graph.nodes.length)) : undefined),
    [graph, mode],
  );
  const layout = useMemo(
    () =>
      simulated ??
      (layered && viewport.width > 0
        ? placeLayers(layered, layeredSize(layered, viewport, label), label)
        : undefined),
    [simulated, layered, viewport, label],
  );
  const fit = useMemo(
    () => (layout && viewport.width > 0 ? fitTransform(layout, viewport) : undefined),
    [layout, viewport],
  );
  const resetZoom = useSvgZoom(svgRef, sceneRef, fit, scaleLabels);

  const neighbours = useMemo(() => {
    if (!selected) return undefined;
    const names = new Set([selected]);
    for (const { parent, child } of graph.links) {
      if (parent === selected) names.add(child);
      if (child === selected) names.add(parent);
    }
    return names;
  }, [graph, selected]);

  const onHover = useCallback((link: GraphLink | null, clientX = 0, clientY = 0) => {
    const box = containerRef.current?.getBoundingClientRect();
    setHovered(link && box ? { link, x: clientX - box.left, y: clientY - box.top } : null);
  }, []);

  const kinds = new Map(graph.nodes.map((node) => [node.name, node.kind]));
  return (
    <div
      ref={containerRef}
      className="relative h-[70vh] min-h-[420px] w-full overflow-hidden rounded border border-slate-200 dark:border-slate-800"
      data-testid="dependency-graph"
      data-layout={mode}
    >
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: a click on the background deselects; Escape does from the keyboard (DependencyGraphPanel). */}
      <svg
        ref={svgRef}
        className="block h-full w-full cursor-grab touch-none select-none text-slate-700 active:cursor-grabbing dark:text-slate-300"
        onClick={(event) => {
          if (event.target === event.currentTarget) onSelect(null);
        }}
        data-testid="graph-svg"
      >
        <title>Service dependency graph: who calls whom, with calls and errors</title>
        <ArrowMarkers idPrefix={markerId} colors={ERROR_LEVEL_COLORS} />
        <g ref={sceneRef}>
          {layout && (
            <>
              <DependencyGraphEdges
                links={graph.links}
                edges={layout.edges}
                markerIdPrefix={markerId}
                selected={selected}
                hrefOf={edgeHref}
                onHover={onHover}
              />
              {layout.nodes.map((node) => (
                <DependencyGraphNode
                  key={node.name}
                  node={node}
                  kind={kinds.get(node.name) ?? "service"}
                  radius={layout.nodeRadius}
                  selected={node.name === selected}
                  focused={node.name === focus}
                  folded={folded?.get(node.name)}
                  faded={neighbours !== undefined && !neighbours.has(node.name)}
                  onSelect={onSelect}
                />
              ))}
            </>
          )}
        </g>
      </svg>
      <button
        type="button"
        className="absolute top-2 right-2 rounded border border-slate-300 bg-white px-2 py-0.5 text-xs hover:bg-slate-100 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800"
        onClick={resetZoom}
        data-testid="graph-fit"
      >
        Fit
      </button>
      {hovered && <EdgeTooltip {...hovered} viewport={viewport} />}
    </div>
  );
}

/** Labels keep their size on screen, or hide, as lib/graph/node-label.ts says: no re-render. */
function scaleLabels(k: number, svg: SVGSVGElement) {
  const labels = labelZoom(k);
  svg.style.setProperty("--label-scale", String(labels.scale));
  svg.dataset.labels = labels.shown;
}

function EdgeTooltip({ link, x, y, viewport }: { link: GraphLink; x: number; y: number; viewport: Size }) {
  // Beside the pointer, on whichever side has more room.
  const onLeft = x > viewport.width / 2;
  const above = y > viewport.height / 2;
  return (
    <div
      className="pointer-events-none absolute z-10 w-max max-w-sm rounded border border-slate-200 bg-white px-2 py-1 text-xs text-slate-900 shadow dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      style={{
        left: onLeft ? x - 12 : x + 12,
        top: above ? y - 12 : y + 12,
        transform: `translate(${onLeft ? "-100%" : "0"}, ${above ? "-100%" : "0"})`,
      }}
      role="tooltip"
      data-testid="edge-tooltip"
    >
      <div className="font-medium">
        {link.parent} → {link.child}
      </div>
      <div className="tabular-nums">{describeCalls(link)}</div>
      <div className="tabular-nums text-slate-500 dark:text-slate-400">{describeLatency(link)}</div>
    </div>
  );
}
