import type { GraphNode } from "@/lib/api/graph";
import { ERROR_LEVEL_COLORS, ERROR_LEVEL_LABELS, type ErrorLevel } from "@/lib/graph/edge-style";
import { nodeShape } from "@/lib/graph/node-shape";
import { KIND_LABELS } from "./DependencyGraphNode";

const KINDS = Object.keys(KIND_LABELS) as GraphNode["kind"][];
const LEVELS = Object.keys(ERROR_LEVEL_COLORS) as ErrorLevel[];

/** What the shapes and colours mean. */
export function DependencyGraphLegend() {
  return (
    <div
      className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-500"
      data-testid="graph-legend"
    >
      {KINDS.map((kind) => {
        const shape = nodeShape(kind, 6);
        return (
          <span key={kind} className="flex items-center gap-1">
            <svg width={14} height={14} viewBox="-7 -7 14 14" aria-hidden="true" className="text-slate-500">
              <path
                d={shape.body}
                fill="currentColor"
                fillOpacity={kind === "external" ? 0.1 : 0.6}
                stroke="currentColor"
                strokeDasharray={kind === "external" ? "2 1.5" : undefined}
              />
            </svg>
            {KIND_LABELS[kind]}
          </span>
        );
      })}
      {LEVELS.map((level) => (
        <span key={level} className="flex items-center gap-1">
          <span className="inline-block h-1 w-4 rounded" style={{ background: ERROR_LEVEL_COLORS[level] }} />
          {ERROR_LEVEL_LABELS[level]}
        </span>
      ))}
      <span>edge width: calls</span>
    </div>
  );
}
