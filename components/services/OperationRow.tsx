"use client";

import Link from "next/link";
import { useMemo } from "react";
import { OVERFLOW_NAME, type ServiceSummary } from "@/lib/api/service-metrics";
import { formatDurationUs } from "@/lib/format/duration";
import {
  describeCalls,
  describeLatency,
  ERROR_RATE_THRESHOLDS,
  formatErrorRate,
} from "@/lib/graph/edge-style";
import { chartValues, formatRatePerS } from "@/lib/services/red-chart";
import { operationTracesHref, overflowLabel } from "@/lib/services/services-view";
import type { SlowTail } from "@/lib/services/slow-tail";
import type { GraphWindow } from "@/lib/time/window";
import { ERROR_COLOR, LATENCY_COLORS, RATE_COLOR } from "./chart-colors";
import { type ChartSeries, RedChart } from "./RedChart";
import { SlowTailLink, SlowTailPanel } from "./SlowTail";

/** An operation: its numbers over the window, linking to its traces, and its three charts. */
export function OperationRow({
  service,
  operation,
  range,
  stepLabel,
  pageQuery,
  shownTail,
}: {
  service: string;
  operation: ServiceSummary["operations"][number];
  range: GraphWindow;
  /** "every 1m", for the charts' titles. */
  stepLabel: string;
  pageQuery: string;
  shownTail: SlowTail | undefined;
}) {
  const { name } = operation;
  const charts = useMemo(() => {
    const values = chartValues(operation.series);
    return {
      timesUs: values.timesUs,
      rate: [{ label: "calls", color: RATE_COLOR, values: values.ratePerS }],
      errors: [{ label: "errors", color: ERROR_COLOR, values: values.errorRate }],
      latency: (["p50", "p95", "p99"] as const).map(
        (label): ChartSeries => ({ label, color: LATENCY_COLORS[label], values: values[`${label}Us`] }),
      ),
    };
  }, [operation.series]);
  const shown = overflowLabel(name, "operation");
  const href = (errorsOnly = false) => operationTracesHref(service, name, range, errorsOnly);
  return (
    <li
      className="grid gap-3 px-3 py-2 lg:grid-cols-[minmax(12rem,1fr)_repeat(3,auto)] lg:items-center"
      data-testid="operation-row"
      data-operation={name}
    >
      <div className="min-w-0 text-sm">
        <Link
          href={href()}
          title={shown.why}
          className="block truncate font-medium text-sky-700 hover:underline dark:text-sky-400"
          data-testid="operation-link"
        >
          {shown.label}
        </Link>
        <div className="tabular-nums text-slate-600 dark:text-slate-400" data-testid="operation-calls">
          {describeCalls(operation)}
        </div>
        <div className="tabular-nums text-slate-500" data-testid="operation-latency">
          {latencyOf(operation)}
        </div>
        {/* The overflow rows hold many operations: no one operation's spans to compare. */}
        {service !== OVERFLOW_NAME && name !== OVERFLOW_NAME && (operation.p95Us ?? 0) > 0 && (
          <SlowTailLink
            pageQuery={pageQuery}
            tail={{ service, operation: name, slowerThanUs: operation.p95Us ?? 0 }}
          />
        )}
      </div>
      {[
        {
          title: "Requests",
          series: charts.rate,
          format: formatRatePerS,
          failed: false,
          testId: "rate-chart",
        },
        {
          title: "Error rate",
          series: charts.errors,
          format: formatErrorRate,
          minTop: ERROR_RATE_THRESHOLDS.warn,
          failed: true,
          testId: "error-chart",
        },
        {
          title: "Latency",
          series: charts.latency,
          format: formatDurationUs,
          failed: false,
          testId: "latency-chart",
        },
      ].map(({ failed, ...chart }) => (
        <RedChart
          key={chart.testId}
          {...chart}
          timesUs={charts.timesUs}
          stepLabel={stepLabel}
          href={href(failed)}
          linkLabel={`${failed ? "Failed traces" : "Traces"} of ${shown.label}`}
        />
      ))}
      {shownTail && (
        <div className="lg:col-span-full">
          <SlowTailPanel pageQuery={pageQuery} tail={shownTail} range={range} />
        </div>
      )}
    </li>
  );
}

/** "p50 1.2ms · p95 4ms · p99 12ms"; an operation without calls (none is listed) has none. */
function latencyOf({ p50Us, p95Us, p99Us }: ServiceSummary["operations"][number]): string {
  return p50Us === null || p95Us === null || p99Us === null
    ? "no calls"
    : describeLatency({ p50Us, p95Us, p99Us });
}
