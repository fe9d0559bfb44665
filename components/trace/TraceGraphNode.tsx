"use client";

import { memo } from "react";
import { groupedCountOf } from "@/lib/format/count";
import { formatDurationUs } from "@/lib/format/duration";
import { serviceColor } from "@/lib/format/service-color";
import type { Size } from "@/lib/graph/graph-layout";
import { boxLabelLines } from "@/lib/graph/node-label";
import { OTHER_NODE, type SpanGraphGrouping, type SpanGraphNode } from "@/lib/trace/span-graph";

const ERROR_COLOR = "#dc2626";
const BOX_WIDTH_PX = 224;
const PAD_PX = 8;
const STRIPE_PX = 5;
const LINE_PX = 14;
/** What fits across a box at 11 px, generously: lines never touch its edge. */
const LINE_CHARS = 29;
const OPERATION_LINES = 2;

/** One size for every box of a graph: a line for the service, two for the operation, two of numbers. */
export function boxSize(grouping: SpanGraphGrouping): Size {
  const lines = grouping === "operation" ? 3 + OPERATION_LINES : 3;
  return { width: BOX_WIDTH_PX, height: 2 * PAD_PX + lines * LINE_PX };
}

/** "api: SELECT", "api", or "other (12 operations)": how the graph names a node in words. */
export function nodeName(node: SpanGraphNode, grouping: SpanGraphGrouping): string {
  if (node.id === OTHER_NODE) return `other (${groupedCountOf(node.members, grouping)})`;
  return node.operation === undefined ? node.service : `${node.service}: ${node.operation}`;
}

/**
 * A node as a box in its service's colour (red-edged with errors): the service, the operation, its
 * spans and errors, its total and self time. A button: click, Enter or Space opens its slowest span.
 */
export const TraceGraphNode = memo(function TraceGraphNode({
  node,
  grouping,
  index,
  x,
  y,
  box,
  selected,
  onSelect,
}: {
  node: SpanGraphNode;
  grouping: SpanGraphGrouping;
  /** In the graph's nodes, handed back to onSelect. */
  index: number;
  /** The box's centre. */
  x: number;
  y: number;
  box: Size;
  /** The selected span is one of the node's. */
  selected: boolean;
  onSelect(index: number): void;
}) {
  const other = node.id === OTHER_NODE;
  const failed = node.errorCount > 0;
  const operationLines =
    node.operation === undefined
      ? []
      : boxLabelLines(node.operation || "(unnamed)", LINE_CHARS, OPERATION_LINES);
  const times = `${formatDurationUs(node.totalUs)} total · ${formatDurationUs(node.selfUs)} self`;
  const summary = `${nodeName(node, grouping)}: ${groupedCountOf(node.spanCount, "span")}, ${groupedCountOf(node.errorCount, "error")}, ${times}`;
  const color = other ? "#94a3b8" : serviceColor(node.service);
  const left = -box.width / 2;
  const top = -box.height / 2;
  const textX = left + STRIPE_PX + PAD_PX;
  const line = (i: number) => top + PAD_PX + (i + 0.8) * LINE_PX;
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG group cannot be a <button>; tabIndex and keys make it one.
    <g
      transform={`translate(${x},${y})`}
      className="cursor-pointer outline-none [&:focus-visible>rect:first-of-type]:stroke-[3px]"
      role="button"
      tabIndex={0}
      aria-label={`${summary}. Opens its slowest span.`}
      aria-pressed={selected}
      data-testid="span-graph-node"
      data-service={node.service}
      data-operation={node.operation}
      data-errors={node.errorCount}
      data-folded={other || undefined}
      onClick={() => onSelect(index)}
      onKeyDown={(event) => {
        if (event.key !== "Enter" && event.key !== " ") return;
        event.preventDefault();
        onSelect(index);
      }}
    >
      <title>{`${summary}\nClick to open its slowest span.`}</title>
      <rect
        x={left}
        y={top}
        width={box.width}
        height={box.height}
        rx={4}
        className="fill-white dark:fill-slate-900"
        stroke={failed ? ERROR_COLOR : color}
        strokeWidth={failed ? 2 : 1.25}
      />
      {selected && (
        <rect
          x={left - 4}
          y={top - 4}
          width={box.width + 8}
          height={box.height + 8}
          rx={6}
          fill="none"
          stroke="currentColor"
          strokeWidth={2}
          data-testid="span-graph-node-selected"
        />
      )}
      <rect x={left} y={top} width={STRIPE_PX} height={box.height} rx={2} fill={color} />
      <text x={textX} fontSize={11} className="fill-slate-800 dark:fill-slate-200">
        <tspan x={textX} y={line(0)} fontWeight={600} data-testid="span-graph-node-service">
          {boxLabelLines(other ? nodeName(node, grouping) : node.service, LINE_CHARS, 1)[0]}
        </tspan>
        {operationLines.map((text, i) => (
          // Lines of one name, in order: the index is their identity.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <tspan key={i} x={textX} y={line(1 + i)} data-testid="span-graph-node-operation">
            {text}
          </tspan>
        ))}
        <tspan x={textX} y={line(grouping === "operation" ? 1 + OPERATION_LINES : 1)}>
          <tspan data-testid="span-graph-node-spans">{groupedCountOf(node.spanCount, "span")}</tspan>
          {failed && (
            <>
              {", "}
              <tspan fill={ERROR_COLOR} fontWeight={600} data-testid="span-graph-node-errors">
                {groupedCountOf(node.errorCount, "error")}
              </tspan>
            </>
          )}
        </tspan>
        <tspan
          x={textX}
          dy={LINE_PX}
          className="fill-slate-500 dark:fill-slate-400"
          data-testid="span-graph-node-times"
        >
          {times}
        </tspan>
      </text>
    </g>
  );
});
