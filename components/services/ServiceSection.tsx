"use client";

import Link from "next/link";
import { useMemo } from "react";
import { OVERFLOW_NAME, type ServiceSummary } from "@/lib/api/service-metrics";
import { countOf } from "@/lib/format/count";
import { formatDurationUs } from "@/lib/format/duration";
import {
  describeCalls,
  describeLatency,
  ERROR_RATE_THRESHOLDS,
  formatErrorRate,
} from "@/lib/graph/edge-style";
import { tracesHref } from "@/lib/search/search-url";
import type { OperationMetrics } from "@/lib/services/red";
import { chartValues, formatRatePerS } from "@/lib/services/red-chart";
import { operationTracesHref, overflowLabel, servicesPageQuery } from "@/lib/services/services-view";
import type { SlowTail } from "@/lib/services/slow-tail";
import type { GraphWindow } from "@/lib/time/window";
import { type ChartSeries, RedChart } from "./RedChart";
import { SlowTailLink, SlowTailPanel } from "./SlowTail";

/**
 * One service on the services page: its totals, its operations' numbers and hourly charts, each
 * linking to its traces. On a page of services it shows its busiest operations, with a link to its own
 * page for all of them. The overflow rows (calls past the caps) say what they are and link to the
 * traces they can: their service's, or every service's.
 */
export function ServiceSection({
  service,
  range,
  showsAll,
  pageQuery,
  tail,
}: {
  service: ServiceSummary;
  range: GraphWindow;
  /** Whether this is the service's own page, which pages all its operations. */
  showsAll: boolean;
  /** The page's query string, which an operation's slow tail is added to. */
  pageQuery: string;
  /** The slow tail the page shows, if any (of whichever service). */
  tail: SlowTail | undefined;
}) {
  const name = overflowLabel(service.service, "service");
  const listed = service.service !== OVERFLOW_NAME;
  const hidden = service.operationCount - service.operations.length;
  return (
    <section
      className="rounded border border-slate-200 dark:border-slate-800"
      aria-label={name.label}
      data-testid="service-section"
      data-service={service.service}
    >
      <header className="flex flex-wrap items-baseline gap-3 border-b border-slate-200 px-3 py-2 dark:border-slate-800">
        <h2 className="font-semibold" title={name.why}>
          {name.label}
        </h2>
        <span
          className="text-sm tabular-nums text-slate-600 dark:text-slate-400"
          data-testid="service-totals"
        >
          {describeCalls(service)} · {countOf(service.operationCount, "operation")}
        </span>
        {name.why && <span className="text-xs text-slate-500">{name.why}</span>}
        {listed && (
          <Link
            href={tracesHref(service.service, range)}
            className="ml-auto text-sm text-sky-700 hover:underline dark:text-sky-400"
          >
            Traces of {service.service}
          </Link>
        )}
      </header>
      <ul className="divide-y divide-slate-100 dark:divide-slate-900">
        {service.operations.map((operation) => (
          <OperationMetricsRow
            key={operation.name}
            service={service.service}
            operation={operation}
            range={range}
            pageQuery={pageQuery}
            shownTail={
              tail?.service === service.service && tail.operation === operation.name ? tail : undefined
            }
          />
        ))}
      </ul>
      {!showsAll && hidden > 0 && listed && (
        <Link
          href={`/services?${servicesPageQuery({ window: range, sort: "calls", page: 1, service: service.service })}`}
          className="block border-t border-slate-100 px-3 py-1.5 text-sm text-sky-700 hover:underline dark:border-slate-900 dark:text-sky-400"
          data-testid="service-all-operations"
        >
          All {countOf(service.operationCount, "operation")} of {service.service} ({hidden} more)
        </Link>
      )}
    </section>
  );
}

/** Tailwind's sky-600, red-600; p50 sky-500, p95 amber-500, p99 violet-500: legible on light and dark. */
const RATE_COLOR = "#0284c7";
const ERROR_COLOR = "#dc2626";
const LATENCY_COLORS = { p50: "#0ea5e9", p95: "#f59e0b", p99: "#8b5cf6" } as const;

/** An operation: its numbers over the window, linking to its traces, and its three hourly charts. */
function OperationMetricsRow({
  service,
  operation,
  range,
  pageQuery,
  shownTail,
}: {
  service: string;
  operation: OperationMetrics;
  range: GraphWindow;
  pageQuery: string;
  shownTail: SlowTail | undefined;
}) {
  const { name } = operation;
  const charts = useMemo(() => {
    const values = chartValues(operation.series);
    return {
      hoursUs: values.hoursUs,
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
          {operation.p95Us !== null &&
            describeLatency({
              p50Us: operation.p50Us ?? 0,
              p95Us: operation.p95Us,
              p99Us: operation.p99Us ?? 0,
            })}
        </div>
        {/* The overflow rows hold many operations: no one operation's spans to compare. */}
        {service !== OVERFLOW_NAME && name !== OVERFLOW_NAME && (operation.p95Us ?? 0) > 0 && (
          <SlowTailLink
            pageQuery={pageQuery}
            tail={{ service, operation: name, slowerThanUs: operation.p95Us ?? 0 }}
          />
        )}
      </div>
      <RedChart
        title="Requests"
        hoursUs={charts.hoursUs}
        series={charts.rate}
        format={formatRatePerS}
        href={href()}
        linkLabel={`Traces of ${shown.label}`}
        testId="rate-chart"
      />
      <RedChart
        title="Error rate"
        hoursUs={charts.hoursUs}
        series={charts.errors}
        format={formatErrorRate}
        minTop={ERROR_RATE_THRESHOLDS.warn}
        href={href(true)}
        linkLabel={`Failed traces of ${shown.label}`}
        testId="error-chart"
      />
      <RedChart
        title="Latency"
        hoursUs={charts.hoursUs}
        series={charts.latency}
        format={formatDurationUs}
        href={href()}
        linkLabel={`Traces of ${shown.label}`}
        testId="latency-chart"
      />
      {shownTail && (
        <div className="lg:col-span-full">
          <SlowTailPanel pageQuery={pageQuery} tail={shownTail} range={range} />
        </div>
      )}
    </li>
  );
}
