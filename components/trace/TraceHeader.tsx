import type { ReactNode } from "react";
import { CopyButton } from "@/components/shared/CopyButton";
import { countOf } from "@/lib/format/count";
import { formatDurationUs } from "@/lib/format/duration";
import { formatTimestampUs } from "@/lib/format/time";
import type { TraceStats } from "@/lib/trace/summary";
import type { TraceTree } from "@/lib/trace/tree";

export function TraceHeader({
  traceId,
  tree,
  stats,
  diagnosis,
  actions,
}: {
  traceId: string;
  tree: TraceTree;
  stats: TraceStats;
  /** The analysis's one sentence, once it has loaded. */
  diagnosis: string | undefined;
  /** What the page offers to do with the trace, beside its id. */
  actions?: ReactNode;
}) {
  const facts: [string, string][] = [
    ["Start", formatTimestampUs(stats.startUs)],
    ["Duration", formatDurationUs(stats.durationUs)],
    ["Spans", String(stats.spanCount)],
    ["Services", String(stats.serviceCount)],
    ["Depth", String(stats.depth)],
    ["Errors", String(stats.errorCount)],
  ];
  const statuses = Object.entries(stats.httpStatuses).sort(([a], [b]) => Number(a) - Number(b));
  if (statuses.length > 0) {
    facts.push(["HTTP", statuses.map(([status, count]) => `${status}×${count}`).join(" ")]);
  }
  return (
    <header className="space-y-2">
      <h1 className="text-lg font-semibold" data-testid="trace-title">
        {stats.rootService}: {stats.rootName || "(unnamed)"}
      </h1>
      <p className="min-h-5 text-sm text-slate-700 dark:text-slate-300" data-testid="trace-diagnosis">
        {diagnosis}
      </p>
      <p className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
        Trace <code data-testid="trace-id">{traceId}</code>
        <CopyButton text={traceId} label="copy id" />
        <CopyButton text={() => window.location.href} label="copy link" />
        {actions}
        {tree.incomplete && (
          <span
            className="rounded bg-amber-100 px-1.5 text-amber-800 dark:bg-amber-950 dark:text-amber-300"
            data-testid="trace-incomplete"
          >
            incomplete: {countOf(tree.rootCount, "root")}, parents missing
          </span>
        )}
      </p>
      <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm">
        {facts.map(([label, value]) => (
          <div key={label} className="flex gap-1.5">
            <dt className="text-slate-500">{label}</dt>
            <dd className="tabular-nums" data-testid={`trace-${label.toLowerCase()}`}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
    </header>
  );
}
