"use client";

import { memo, useMemo } from "react";
import type { GraphLink } from "@/lib/api/graph";
import { ERROR_LEVEL_COLORS, errorLevel, errorRate, strokeWidthScale } from "@/lib/graph/edge-style";
import type { PositionedEdge } from "@/lib/graph/graph-layout";

/**
 * The edges, `edges[i]` drawing `links[i]`, each over a wider invisible stroke that is easier to
 * hover. Memoised: hovering changes the tooltip, not the edges.
 */
export const DependencyGraphEdges = memo(function DependencyGraphEdges({
  links,
  edges,
  markerIdPrefix,
  selected,
  hrefOf,
  onHover,
}: {
  links: GraphLink[];
  edges: PositionedEdge[];
  markerIdPrefix: string;
  /** Edges not to or from the selected node are faded. */
  selected: string | null;
  /** An edge with a link goes there on click (its traces). */
  hrefOf?: (link: GraphLink) => string;
  onHover(link: GraphLink | null, clientX?: number, clientY?: number): void;
}) {
  const width = useMemo(() => strokeWidthScale(Math.max(0, ...links.map((link) => link.calls))), [links]);
  return (
    <g fill="none">
      {edges.map((edge, i) => {
        const link = links[i] as GraphLink;
        const level = errorLevel(errorRate(link.errors, link.calls));
        const strokeWidth = width(link.calls);
        const faded = selected !== null && link.parent !== selected && link.child !== selected;
        const drawn = (
          <g
            key={`${link.parent}\u0000${link.child}`}
            opacity={faded ? 0.15 : 1}
            data-testid="graph-edge"
            data-parent={link.parent}
            data-child={link.child}
            data-level={level}
            onPointerEnter={(event) => onHover(link, event.clientX, event.clientY)}
            onPointerMove={(event) => onHover(link, event.clientX, event.clientY)}
            onPointerLeave={() => onHover(null)}
          >
            <path
              d={edge.path}
              stroke={ERROR_LEVEL_COLORS[level]}
              strokeOpacity={0.75}
              strokeWidth={strokeWidth}
              markerEnd={`url(#${markerIdPrefix}-${level})`}
            />
            <path d={edge.path} stroke="transparent" strokeWidth={Math.max(12, strokeWidth + 8)} />
          </g>
        );
        if (!hrefOf) return drawn;
        return (
          <a
            key={`${link.parent}\u0000${link.child}`}
            href={hrefOf(link)}
            className="cursor-pointer"
            aria-label={`Traces of ${link.parent} calling ${link.child}`}
          >
            {drawn}
          </a>
        );
      })}
    </g>
  );
});
