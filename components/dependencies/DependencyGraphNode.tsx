"use client";

import { memo } from "react";
import type { GraphNode } from "@/lib/api/graph";
import { serviceColor } from "@/lib/format/service-color";
import type { PositionedNode } from "@/lib/graph/graph-layout";
import { nodeShape } from "@/lib/graph/node-shape";

/** Longer names are cut in the label; the full name is the node's title and accessible name. */
const MAX_LABEL_CHARS = 24;
const LABEL_PX = 11;

export const KIND_LABELS: Record<GraphNode["kind"], string> = {
  service: "service",
  database: "database",
  queue: "queue",
  external: "external service",
};

/**
 * A node: its shape by kind, in its service's colour (an external one only outlined, dashed), its
 * name below. A button: click, Enter or Space selects it.
 */
export const DependencyGraphNode = memo(function DependencyGraphNode({
  node,
  kind,
  radius,
  selected,
  faded,
  onSelect,
}: {
  node: PositionedNode;
  kind: GraphNode["kind"];
  radius: number;
  selected: boolean;
  faded: boolean;
  /** With the node's name, or null when it was already selected: a second click deselects. */
  onSelect(name: string | null): void;
}) {
  const shape = nodeShape(kind, radius);
  const color = serviceColor(node.name);
  const external = kind === "external";
  const label =
    node.name.length > MAX_LABEL_CHARS ? `${node.name.slice(0, MAX_LABEL_CHARS - 1)}…` : node.name;
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG group cannot be a <button>; tabIndex and keys make it one.
    <g
      transform={`translate(${node.x},${node.y})`}
      opacity={faded ? 0.25 : 1}
      className="cursor-pointer outline-none [&:focus-visible>path:first-of-type]:stroke-[3px]"
      role="button"
      tabIndex={0}
      aria-label={`${node.name}, ${KIND_LABELS[kind]}`}
      aria-pressed={selected}
      data-testid="graph-node"
      data-name={node.name}
      data-kind={kind}
      onClick={() => onSelect(selected ? null : node.name)}
      onKeyDown={(event) => {
        if (event.key !== "Enter" && event.key !== " ") return;
        event.preventDefault();
        onSelect(selected ? null : node.name);
      }}
    >
      <title>{`${node.name} (${KIND_LABELS[kind]})`}</title>
      <path
        d={shape.body}
        fill={color}
        fillOpacity={external ? 0.1 : 0.85}
        stroke={selected ? "currentColor" : color}
        strokeWidth={selected ? 3 : 1.5}
        strokeDasharray={external ? "4 3" : undefined}
      />
      {shape.rim && <path d={shape.rim} fill="none" stroke="white" strokeOpacity={0.7} strokeWidth={1.25} />}
      <text
        y={radius + LABEL_PX + 2}
        textAnchor="middle"
        fontSize={LABEL_PX}
        fontWeight={selected ? 600 : 400}
        className="fill-slate-800 stroke-white dark:fill-slate-200 dark:stroke-slate-950"
        strokeWidth={3}
        paintOrder="stroke"
        strokeLinejoin="round"
      >
        {label}
      </text>
    </g>
  );
});
