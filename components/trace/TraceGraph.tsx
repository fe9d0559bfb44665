"use client";

import { type RefObject, useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { ArrowMarkers } from "@/components/shared/ArrowMarkers";
import { useSvgZoom } from "@/components/shared/useSvgZoom";
import { groupedCountOf } from "@/lib/format/count";
import { fitTransform, type Size } from "@/lib/graph/graph-layout";
import { type BoxLayout, topDownLayout } from "@/lib/graph/top-down-layout";
import { OTHER_NODE, type SpanGraph, type SpanGraphGrouping, spanGraph } from "@/lib/trace/span-graph";
import { EDGE_COLORS, TraceGraphEdges } from "./TraceGraphEdges";
import { boxSize, nodeName, TraceGraphNode } from "./TraceGraphNode";
import type { TraceViewProps } from "./trace-view-props";
import { useUrlParam } from "./useUrlParam";

const GROUPINGS: [SpanGraphGrouping, string][] = [
  ["operation", "Operations"],
  ["service", "Services"],
];

/**
 * The trace's call structure (lib/trace/span-graph.ts): its operations, or its services with
 * `?graphBy=service`, as boxes, the root's on top, and the calls between them as edges. Drag to
 * pan, wheel to zoom; clicking a box opens its slowest span. Computed once per tree and grouping.
 */
export function TraceGraph({ tree, self, selectedRow, onSelect }: TraceViewProps & { self: Float64Array }) {
  const [graphBy, setGraphBy] = useUrlParam("graphBy");
  const grouping: SpanGraphGrouping = graphBy === "service" ? "service" : "operation";
  const graph = useMemo(() => spanGraph(tree, self, grouping), [tree, self, grouping]);
  const selectedNode = selectedRow === undefined ? undefined : graph.nodeOfRow[selectedRow];
  const onSelectNode = useCallback(
    (node: number) => onSelect(graph.nodes[node]?.slowestRow),
    [graph, onSelect],
  );
  const folded = graph.nodes.find((node) => node.id === OTHER_NODE);
  const drawn = graph.nodes.length - (folded ? 1 : 0);
  const calls = graph.edges.reduce((sum, edge) => sum + edge.calls, 0);
  return (
    <div className="space-y-2" data-testid="trace-graph" data-grouping={grouping}>
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <fieldset className="flex items-center gap-1">
          <legend className="sr-only">Nodes</legend>
          <span className="text-slate-500">Nodes:</span>
          {GROUPINGS.map(([id, label]) => (
            <button
              key={id}
              type="button"
              aria-pressed={grouping === id}
              className={`rounded border px-2 py-0.5 ${grouping === id ? "border-sky-600 bg-sky-50 font-medium dark:bg-sky-950" : "border-slate-300 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"}`}
              onClick={() => setGraphBy(id === "operation" ? null : id)}
              data-testid={`graph-by-${id}`}
            >
              {label}
            </button>
          ))}
        </fieldset>
        <p className="text-slate-500" data-testid="trace-graph-summary">
          {groupedCountOf(drawn + (folded?.members ?? 0), grouping)}, {groupedCountOf(calls, "call")}
          {folded && ` (the least busy ${folded.members.toLocaleString("en-US")} folded into “other”)`}
        </p>
      </div>
      <GraphDrawing
        graph={graph}
        grouping={grouping}
        selectedNode={selectedNode}
        onSelectNode={onSelectNode}
      />
    </div>
  );
}

function GraphDrawing({
  graph,
  grouping,
  selectedNode,
  onSelectNode,
}: {
  graph: SpanGraph;
  grouping: SpanGraphGrouping;
  selectedNode: number | undefined;
  onSelectNode(node: number): void;
}) {
  const containerRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const sceneRef = useRef<SVGGElement>(null);
  // useId's characters are not all valid in a url(#id) reference.
  const markerId = `span-graph-arrow${useId().replace(/[^\w-]/g, "")}`;
  const viewport = useViewport(containerRef);
  // Each box in the row of its shallowest span, so most calls go one row down (by longest path, a
  // recursive trace's graph is dozens of rows of bend points). Boxes have one size whatever the
  // viewport: a resize never lays out again.
  const layout = useMemo(
    () =>
      topDownLayout(
        { nodes: graph.nodes.map((node) => ({ name: node.id })), links: graph.edges },
        boxSize(grouping),
        new Map(graph.nodes.map((node) => [node.id, node.depth])),
      ),
    [graph, grouping],
  );
  const names = useMemo(
    () => new Map(graph.nodes.map((node) => [node.id, nodeName(node, grouping)])),
    [graph, grouping],
  );
  // Fitted when first measured and when the graph changes, not on a resize: opening a span's
  // details narrows the view, and should not lose the place zoomed to. "Fit" refits.
  const [fitted, setFitted] = useState<{ layout: BoxLayout; viewport: Size }>();
  if (viewport.width > 0 && fitted?.layout !== layout) setFitted({ layout, viewport });
  const fit = useMemo(() => fitted && fitTransform(fitted.layout, fitted.viewport), [fitted]);
  useSvgZoom(svgRef, sceneRef, fit);
  return (
    <div
      ref={containerRef}
      className="relative h-[70vh] min-h-[420px] w-full overflow-hidden rounded border border-slate-200 dark:border-slate-800"
    >
      <svg
        ref={svgRef}
        className="block h-full w-full cursor-grab touch-none select-none text-slate-800 active:cursor-grabbing dark:text-slate-200"
        data-testid="span-graph-svg"
      >
        <title>The trace's calls between its {grouping === "service" ? "services" : "operations"}</title>
        <ArrowMarkers idPrefix={markerId} colors={EDGE_COLORS} />
        <g ref={sceneRef}>
          <TraceGraphEdges edges={graph.edges} drawn={layout.edges} names={names} markerIdPrefix={markerId} />
          {layout.nodes.map(({ x, y }, i) => (
            <TraceGraphNode
              key={graph.nodes[i]?.id}
              node={graph.nodes[i] as SpanGraph["nodes"][number]}
              grouping={grouping}
              index={i}
              x={x}
              y={y}
              box={layout.box}
              selected={selectedNode === i}
              onSelect={onSelectNode}
            />
          ))}
        </g>
      </svg>
      <button
        type="button"
        className="absolute top-2 right-2 rounded border border-slate-300 bg-white px-2 py-0.5 text-xs hover:bg-slate-100 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800"
        onClick={() => setFitted({ layout, viewport })}
        data-testid="span-graph-fit"
      >
        Fit
      </button>
    </div>
  );
}

/** The element's size, as it changes. */
function useViewport(ref: RefObject<HTMLDivElement | null>): Size {
  const [viewport, setViewport] = useState<Size>({ width: 0, height: 0 });
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) =>
      setViewport({
        width: Math.floor(entry?.contentRect.width ?? 0),
        height: Math.floor(entry?.contentRect.height ?? 0),
      }),
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return viewport;
}
