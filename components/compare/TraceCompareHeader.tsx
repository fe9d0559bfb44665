import Link from "next/link";
import { formatDurationUs } from "@/lib/format/duration";
import { formatTimestampUs } from "@/lib/format/time";
import type { TraceStats } from "@/lib/trace/summary";

/** One side of a comparison: what the trace is, how long it took, and a link to its own page. */
export function TraceCompareHeader({
  side,
  traceId,
  stats,
}: {
  side: "a" | "b";
  traceId: string;
  stats: TraceStats;
}) {
  const label = side.toUpperCase();
  const facts: [string, string][] = [
    ["Duration", formatDurationUs(stats.durationUs)],
    ["Spans", String(stats.spanCount)],
    ["Services", String(stats.serviceCount)],
    ["Start", formatTimestampUs(stats.startUs)],
  ];
  return (
    <header
      className="space-y-1 rounded border border-slate-200 p-3 dark:border-slate-800"
      data-testid="compare-header"
      data-side={side}
    >
      <h2 className="flex items-baseline gap-2 font-semibold">
        <span className="rounded bg-slate-100 px-1.5 text-xs dark:bg-slate-800">{label}</span>
        <span className="truncate" data-testid="compare-title">
          {stats.rootService}: {stats.rootName || "(unnamed)"}
        </span>
      </h2>
      <p className="text-xs text-slate-500">
        Trace{" "}
        <Link href={`/trace/${traceId}`} className="text-sky-600 underline" data-testid="compare-trace-link">
          {traceId}
        </Link>
      </p>
      <dl className="flex flex-wrap gap-x-5 gap-y-1 text-sm">
        {facts.map(([name, value]) => (
          <div key={name} className="flex gap-1.5">
            <dt className="text-slate-500">{name}</dt>
            <dd className="tabular-nums" data-testid={`compare-${name.toLowerCase()}`}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
    </header>
  );
}
