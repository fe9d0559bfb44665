"use client";

import Link from "next/link";
import type { TraceSummary } from "@/lib/api/trace-summary";
import { countOf } from "@/lib/format/count";
import { formatDurationUs } from "@/lib/format/duration";
import { serviceColor } from "@/lib/format/service-color";
import { formatRelativeUs, formatTimestampUs } from "@/lib/format/time";

/**
 * Search results, each trace a row: root service and operation, id, errors and HTTP status, span
 * counts per service, start (relative, absolute on hover) and duration with a bar against the longest.
 * A checkbox per row picks traces to compare; a TraceQL search's rows say how many spans matched.
 */
export function TraceResults({
  traces,
  nowUs,
  picked,
  onPick,
  hrefOf = (traceId) => `/trace/${traceId}`,
  matchedSpans,
}: {
  traces: TraceSummary[];
  nowUs: number;
  picked: ReadonlySet<string>;
  onPick(traceId: string, picked: boolean): void;
  /** Where a result opens: its trace page, with a TraceQL query to mark its matches. */
  hrefOf?(traceId: string): string;
  /** The spans a TraceQL query selected in each trace, by trace id. */
  matchedSpans?: ReadonlyMap<string, number>;
}) {
  const longestUs = Math.max(...traces.map((trace) => trace.durationUs), 1);
  return (
    <ul className="divide-y divide-slate-200 dark:divide-slate-800" data-testid="trace-results">
      {traces.map((trace) => (
        <li
          key={trace.traceId}
          className="flex items-start gap-3 py-2"
          data-testid="trace-result"
          data-trace-id={trace.traceId}
        >
          <input
            type="checkbox"
            className="mt-1.5"
            checked={picked.has(trace.traceId)}
            onChange={(event) => onPick(trace.traceId, event.target.checked)}
            aria-label={`Pick trace ${trace.traceId} to compare`}
          />
          <Link
            href={hrefOf(trace.traceId)}
            className="block min-w-0 flex-1 rounded px-1 hover:bg-slate-50 dark:hover:bg-slate-900"
          >
            <div className="flex items-baseline gap-3">
              <span className="truncate font-medium">
                {trace.rootService}: {trace.rootName || "(unnamed)"}
              </span>
              <code className="text-xs text-slate-500">{trace.traceId.slice(0, 16)}</code>
              {trace.errorCount > 0 && (
                <span className="rounded bg-red-100 px-1.5 text-xs text-red-700 dark:bg-red-950 dark:text-red-300">
                  {countOf(trace.errorCount, "error")}
                </span>
              )}
              {trace.rootHttpStatus !== null && (
                <span className="text-xs text-slate-500">HTTP {trace.rootHttpStatus}</span>
              )}
              <span className="ml-auto text-sm tabular-nums" data-testid="result-duration">
                {formatDurationUs(trace.durationUs)}
              </span>
            </div>
            <div className="mt-1 flex items-center gap-3 text-xs text-slate-500">
              <span title={formatTimestampUs(trace.startUs)}>{formatRelativeUs(trace.startUs, nowUs)}</span>
              <span data-testid="result-spans">{trace.spanCount} spans</span>
              {matchedSpans?.has(trace.traceId) && (
                <span className="text-violet-700 dark:text-violet-300" data-testid="result-matched">
                  {countOf(matchedSpans.get(trace.traceId) ?? 0, "span")} matched
                </span>
              )}
              <span className="flex min-w-0 flex-wrap gap-x-2">
                {Object.entries(trace.serviceCounts)
                  .sort(([, a], [, b]) => b - a)
                  .map(([service, count]) => (
                    <span key={service} className="flex items-center gap-1 whitespace-nowrap">
                      <span className="size-2 rounded-sm" style={{ background: serviceColor(service) }} />
                      {service} {count}
                    </span>
                  ))}
              </span>
              <span className="ml-auto h-1.5 w-40 shrink-0 rounded bg-slate-100 dark:bg-slate-800">
                <span
                  className="block h-full rounded bg-sky-500"
                  style={{ width: `${(100 * trace.durationUs) / longestUs}%` }}
                />
              </span>
            </div>
          </Link>
        </li>
      ))}
    </ul>
  );
}
