import type { RedNumbers } from "@/lib/api/service-metrics";
import { groupedCountOf } from "@/lib/format/count";
import { formatErrorRate } from "@/lib/graph/edge-style";
import { changeOf } from "@/lib/services/overview";
import { formatRatePerS } from "@/lib/services/red-chart";
import { ChangeText } from "./MetricCell";

/**
 * What every service of the window did together (the server's `overall`), against the period
 * before: the total rate, and the errors with the error rate.
 */
export function ServicesHeadline({ now, previous }: { now: RedNumbers; previous: RedNumbers }) {
  const errorRate = (rate: number | null) => (rate === null ? "–" : formatErrorRate(rate));
  return (
    <div
      className="flex flex-wrap items-baseline gap-x-6 gap-y-1 rounded border border-slate-200 px-3 py-2 dark:border-slate-800"
      data-testid="services-headline"
    >
      <span className="text-xs text-slate-500">All services</span>
      <span className="flex items-baseline gap-2">
        <span className="text-lg font-semibold tabular-nums" data-testid="headline-rate">
          {formatRatePerS(now.ratePerS)}
        </span>
        <ChangeText
          change={changeOf(now.ratePerS, previous.calls > 0 ? previous.ratePerS : null, "neither")}
          previousText={formatRatePerS(previous.ratePerS)}
        />
      </span>
      <span className="flex items-baseline gap-2">
        <span className="text-lg font-semibold tabular-nums" data-testid="headline-errors">
          {groupedCountOf(now.errors, "error")}
        </span>
        <span className="text-sm tabular-nums text-slate-600 dark:text-slate-400">
          ({errorRate(now.errorRate)})
        </span>
        <ChangeText
          change={changeOf(now.errors, previous.errors, "up")}
          previousText={`${groupedCountOf(previous.errors, "error")} (${errorRate(previous.errorRate)})`}
        />
      </span>
    </div>
  );
}
