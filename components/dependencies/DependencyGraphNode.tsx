"use client";

import { memo } from "react";
import type { GraphNode } from "@/lib/api/graph";
import { serviceColor } from "@/lib/format/service-color";
import type { PositionedNode } from "@/lib/graph/graph-layout";
import { LABEL_LINE_PX, LABEL_PX, labelLines } from "@/lib/graph/node-label";
import { nodeShape } from "@/lib/graph/node-shape";

export const KIND_LABELS: Record<GraphNode["kind"], string> = {
  service: "service",
  database: "database",
  queue: "queue",
  external: "external service",
};

/**
 * A node: its shape by kind, in its service's colour (an external one only outlined, dashed), its
 * whole name below, wrapped (lib/graph/node-label.ts), and the count of the leaves folded into it. A
 * button: click, Enter or Space selects it. The label's size follows `--label-scale`, which the
 * zoom sets so that zoomed out it stays as big on screen (DependencyGraph's useZoom; globals.css
 * hides labels past that but the hovered, focused or selected node's).
 */
export const DependencyGraphNode = memo(function DependencyGraphNode({
  node,
  kind,
  radius,
  selected,
  focused = false,
  folded = [],
  faded,
  onSelect,
}: {
  node: PositionedNode;
  kind: GraphNode["kind"];
  radius: number;
  selected: boolean;
  /** The node the page is focused on, ringed. */
  focused?: boolean;
  /** Uninstrumented leaves folded into this node (lib/services/fold-leaves.ts). */
  folded?: readonly GraphNode[];
  faded: boolean;
  /** With the node's name, or null when it was already selected: a second click deselects. */
  onSelect(name: string | null): void;
}) {
  const shape = nodeShape(kind, radius);
  const color = serviceColor(node.name);
  const external = kind === "external";
  const lines = labelLines(node.name);
  const foldedNames = folded.map((leaf) => `${leaf.name} (${KIND_LABELS[leaf.kind]})`).join(", ");
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG group cannot be a <button>; tabIndex and keys make it one.
    <g
      transform={`translate(${node.x},${node.y})`}
      opacity={faded ? 0.25 : 1}
      className="graph-node cursor-pointer outline-none [&:focus-visible>path:first-of-type]:stroke-[3px]"
      role="button"
      tabIndex={0}
      aria-label={`${node.name}, ${KIND_LABELS[kind]}`}
      aria-pressed={selected}
      data-testid="graph-node"
      data-name={node.name}
      data-kind={kind}
      data-focused={focused || undefined}
      onClick={() => onSelect(selected ? null : node.name)}
      onKeyDown={(event) => {
        if (event.key !== "Enter" && event.key !== " ") return;
        event.preventDefault();
        onSelect(selected ? null : node.name);
      }}
    >
      <title>{`${node.name} (${KIND_LABELS[kind]})${foldedNames ? `, calls ${foldedNames}` : ""}`}</title>
      {focused && (
        <circle r={radius + 5} fill="none" stroke="currentColor" strokeWidth={2} strokeDasharray="3 2" />
      )}
      <path
        d={shape.body}
        fill={color}
        fillOpacity={external ? 0.1 : 0.85}
        stroke={selected ? "currentColor" : color}
        strokeWidth={selected ? 3 : 1.5}
        strokeDasharray={external ? "4 3" : undefined}
      />
      {shape.rim && <path d={shape.rim} fill="none" stroke="white" strokeOpacity={0.7} strokeWidth={1.25} />}
      {folded.length > 0 && (
        <text
          x={radius * 0.8}
          y={-radius * 0.8}
          fontSize={LABEL_PX - 1}
          className="fill-slate-600 stroke-white dark:fill-slate-300 dark:stroke-slate-950"
          strokeWidth={3}
          paintOrder="stroke"
          data-testid="graph-node-folded"
        >
          +{folded.length}
        </text>
      )}
      <text
        y={radius + 2}
        textAnchor="middle"
        style={{ fontSize: `calc(${LABEL_PX}px * var(--label-scale, 1))` }}
        fontWeight={selected || focused ? 600 : 400}
        className="graph-label fill-slate-800 stroke-white dark:fill-slate-200 dark:stroke-slate-950"
        strokeWidth={3}
        paintOrder="stroke"
        strokeLinejoin="round"
        data-testid="graph-node-label"
      >
        {lines.map((line, i) => (
          // Lines of one name, in order: the index is their identity.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <tspan key={i} x={0} dy={i === 0 ? "1em" : `${LABEL_LINE_PX / LABEL_PX}em`}>
            {line}
          </tspan>
        ))}
      </text>
    </g>
  );
});
