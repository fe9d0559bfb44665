import { formatDurationUs } from "@/lib/format/duration";
import { serviceColor } from "@/lib/format/service-color";
import type { TraceTree } from "@/lib/trace/tree";

/** The trace as an indented list of spans with a bar each on the trace's time axis. */
export function SpanTree({
  tree,
  startUs,
  durationUs,
}: {
  tree: TraceTree;
  startUs: number;
  durationUs: number;
}) {
  const scale = (us: number) => (100 * us) / Math.max(durationUs, 1);
  return (
    <ol className="text-sm" data-testid="span-tree">
      {tree.rows.map(({ span, depth, orphan }) => (
        <li
          key={`${span.spanId}:${span.shared ? "s" : "c"}:${span.startUs}`}
          className="grid grid-cols-[minmax(0,2fr)_minmax(0,3fr)_5rem] items-center gap-3 border-b border-slate-100 py-1 dark:border-slate-900"
          data-testid="span-row"
          data-span-id={span.spanId}
        >
          <div className="flex min-w-0 items-center gap-2" style={{ paddingLeft: `${depth * 1.25}rem` }}>
            <span
              className="size-2.5 shrink-0 rounded-sm"
              style={{ background: serviceColor(span.serviceName) }}
            />
            <span className="shrink-0 text-slate-500">{span.serviceName}</span>
            <span className="truncate" title={span.name}>
              {span.name || "(unnamed)"}
            </span>
            {span.status.code === "ERROR" && (
              <span className="text-xs font-medium text-red-600" title={span.status.message}>
                error
              </span>
            )}
            {orphan && <span className="text-xs text-amber-600">parent missing</span>}
          </div>
          <div className="relative h-3 rounded bg-slate-50 dark:bg-slate-900">
            <span
              className={`absolute top-0 h-full min-w-px rounded ${span.status.code === "ERROR" ? "ring-2 ring-red-500" : ""}`}
              style={{
                left: `${scale(span.startUs - startUs)}%`,
                width: `${scale(span.durationUs)}%`,
                background: serviceColor(span.serviceName),
              }}
            />
          </div>
          <span className="text-right tabular-nums" data-testid="span-duration">
            {formatDurationUs(span.durationUs)}
          </span>
        </li>
      ))}
    </ol>
  );
}
