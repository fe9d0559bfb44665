"use client";

import { memo, useMemo } from "react";
import { groupedCountOf } from "@/lib/format/count";
import { strokeWidthScale } from "@/lib/graph/edge-style";
import type { Point } from "@/lib/graph/graph-layout";
import type { BoxEdge } from "@/lib/graph/top-down-layout";
import type { SpanGraphEdge } from "@/lib/trace/span-graph";

/** The edges' colours, by whether a call failed; their arrowheads are components/shared/ArrowMarkers. */
export const EDGE_COLORS = { ok: "#94a3b8", error: "#dc2626" } as const;

/**
 * The calls, `drawn[i]` drawing `edges[i]`: lines as wide as their calls, red where a call failed,
 * each labelled with its calls and failures. `names` gives a node's id in words, for the edge's label.
 */
export const TraceGraphEdges = memo(function TraceGraphEdges({
  edges,
  drawn,
  names,
  markerIdPrefix,
}: {
  edges: readonly SpanGraphEdge[];
  drawn: readonly BoxEdge[];
  names: ReadonlyMap<string, string>;
  markerIdPrefix: string;
}) {
  const width = useMemo(() => {
    let maxCalls = 0;
    for (const edge of edges) maxCalls = Math.max(maxCalls, edge.calls);
    return strokeWidthScale(maxCalls);
  }, [edges]);
  // Every line first, then every label: a label's backdrop hides the lines under it, never another label.
  return (
    <>
      <g fill="none">
        {edges.map((edge, i) => {
          const level = edge.errors > 0 ? "error" : "ok";
          return (
            <path
              key={`${edge.parent}\u0000${edge.child}`}
              d={(drawn[i] as BoxEdge).path}
              stroke={EDGE_COLORS[level]}
              strokeWidth={width(edge.calls)}
              markerEnd={`url(#${markerIdPrefix}-${level})`}
              data-testid="span-graph-edge-line"
              data-from={names.get(edge.parent)}
              data-to={names.get(edge.child)}
            />
          );
        })}
      </g>
      {edges.map((edge, i) => {
        const [from, to] = [names.get(edge.parent), names.get(edge.child)];
        const calls = groupedCountOf(edge.calls, "call");
        const failed = edge.errors > 0 ? groupedCountOf(edge.errors, "error") : "";
        return (
          <g
            key={`${edge.parent}\u0000${edge.child}`}
            data-testid="span-graph-edge"
            data-from={from}
            data-to={to}
            data-errors={edge.errors}
          >
            <title>{`${from} → ${to}: ${calls}${failed ? `, ${failed}` : ""}`}</title>
            <EdgeLabel
              at={(drawn[i] as BoxEdge).label}
              calls={calls}
              failed={failed}
              beside={edge.parent === edge.child}
            />
          </g>
        );
      })}
    </>
  );
});

/** A 10 px character's advance, generously: the label's backdrop is never narrower than its text. */
const LABEL_CHAR_PX = 5.8;
const LABEL_LINE_PX = 12;

/**
 * "4 calls, 1 error" on a backdrop that hides the edges under it, centred on `at`; `beside` a box (a
 * self-call's loop, in the gap between boxes) it starts at `at`, its failures on a line beneath.
 */
function EdgeLabel({
  at,
  calls,
  failed,
  beside,
}: {
  at: Point;
  calls: string;
  failed: string;
  beside: boolean;
}) {
  const lines = beside && failed ? [calls, failed] : [failed ? `${calls}, ${failed}` : calls];
  let longest = 0;
  for (const line of lines) longest = Math.max(longest, line.length);
  const width = longest * LABEL_CHAR_PX + 6;
  return (
    <>
      <rect
        x={beside ? at.x - 3 : at.x - width / 2}
        y={at.y - LABEL_LINE_PX / 2 - 1}
        width={width}
        height={lines.length * LABEL_LINE_PX + 2}
        rx={2}
        className="fill-white/90 dark:fill-slate-950/90"
      />
      <text
        x={at.x}
        y={at.y}
        dy="0.35em"
        textAnchor={beside ? "start" : "middle"}
        fontSize={10}
        className="fill-slate-600 dark:fill-slate-300"
      >
        <tspan data-testid="span-graph-edge-calls">{calls}</tspan>
        {failed && (
          <>
            {beside ? "" : ", "}
            <tspan
              fill={EDGE_COLORS.error}
              {...(beside ? { x: at.x, dy: LABEL_LINE_PX } : {})}
              data-testid="span-graph-edge-errors"
            >
              {failed}
            </tspan>
          </>
        )}
      </text>
    </>
  );
}
