import Link from "next/link";
import type { TraceSummary } from "@/lib/db/traces";
import { formatDurationUs } from "@/lib/format/duration";
import { formatRelativeUs, formatTimestampUs } from "@/lib/format/time";

export function RecentTraces({ traces, nowUs }: { traces: TraceSummary[]; nowUs: number }) {
  if (traces.length === 0) {
    return (
      <p className="text-sm text-slate-500" data-testid="no-traces">
        No traces yet. Point a tracer at this server (see the README) or send one with curl to{" "}
        <code>/api/v2/spans</code>.
      </p>
    );
  }
  const longestUs = Math.max(...traces.map((trace) => trace.durationUs), 1);
  return (
    <ul className="divide-y divide-slate-200 dark:divide-slate-800" data-testid="recent-traces">
      {traces.map((trace) => (
        <li key={trace.traceId}>
          <Link
            href={`/trace/${trace.traceId}`}
            className="block py-2 hover:bg-slate-50 dark:hover:bg-slate-900"
          >
            <div className="flex items-baseline gap-3">
              <span className="font-medium">
                {trace.rootService}: {trace.rootName || "(unnamed)"}
              </span>
              <code className="text-xs text-slate-500">{trace.traceId.slice(0, 16)}</code>
              {trace.errorCount > 0 && (
                <span className="rounded bg-red-100 px-1.5 text-xs text-red-700 dark:bg-red-950 dark:text-red-300">
                  {trace.errorCount} error{trace.errorCount === 1 ? "" : "s"}
                </span>
              )}
              {trace.rootHttpStatus !== null && (
                <span className="text-xs text-slate-500">HTTP {trace.rootHttpStatus}</span>
              )}
              <span className="ml-auto text-sm tabular-nums">{formatDurationUs(trace.durationUs)}</span>
            </div>
            <div className="mt-1 flex items-center gap-3 text-xs text-slate-500">
              <span title={formatTimestampUs(trace.startUs)}>{formatRelativeUs(trace.startUs, nowUs)}</span>
              <span>{trace.spanCount} spans</span>
              <span className="truncate">
                {Object.entries(trace.serviceCounts)
                  .sort(([, a], [, b]) => b - a)
                  .map(([service, count]) => `${service} (${count})`)
                  .join(", ")}
              </span>
              <span className="ml-auto h-1.5 w-40 rounded bg-slate-100 dark:bg-slate-800">
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
