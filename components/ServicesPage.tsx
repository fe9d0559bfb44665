"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import type { OperationMetrics, ServiceMetrics, ServiceMetricsResponse } from "@/lib/analysis/red";
import { chartValues, formatHourUs, formatRatePerS } from "@/lib/analysis/red-chart";
import { operationSearchHref } from "@/lib/analysis/red-url";
import { countOf } from "@/lib/format/count";
import { formatDurationUs } from "@/lib/format/duration";
import {
  describeCalls,
  describeLatency,
  ERROR_RATE_THRESHOLDS,
  formatErrorRate,
} from "@/lib/graph/edge-style";
import {
  describeWindow,
  type GraphWindow,
  graphApiQuery,
  graphWindow,
  tracesHref,
} from "@/lib/graph/graph-url";
import { lookbackChoices } from "@/lib/search/search-url";
import { getJson } from "./get-json";
import { type ChartSeries, RedChart } from "./RedChart";

const serviceMetricsKeys = {
  window: (apiQuery: string) => ["service-metrics", apiQuery] as const,
};

/**
 * RED metrics of a window (`GET /api/services/metrics`). The current hour's numbers grow as spans
 * arrive, so they are read again after 30 s; the previous ones stay on screen while the next load.
 */
function useServiceMetricsQuery(apiQuery: string) {
  return useQuery({
    queryKey: serviceMetricsKeys.window(apiQuery),
    queryFn: () => getJson<ServiceMetricsResponse>(`/api/services/metrics?${apiQuery}`),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    // A refused window (400) would be refused again: say so at once.
    retry: false,
  });
}

/**
 * The services page: per service its calls and errors, per operation its hourly request rate, error
 * rate and latency. The time range is in the URL (a new history entry per range, as on the search
 * and dependencies pages), read on every render, so back and forward restore it.
 */
export function ServicesPage() {
  const router = useRouter();
  const pathname = usePathname();
  const range = graphWindow(new URLSearchParams(useSearchParams().toString()));
  const metrics = useServiceMetricsQuery(graphApiQuery(range));
  const services = metrics.data?.services;
  // The histograms are hourly: a window counts the whole hours it overlaps, which the summary says.
  const firstHourUs = services?.[0]?.operations[0]?.series[0]?.hourUs;
  const goTo = (lookback: string) =>
    router.push(`${pathname}?${graphApiQuery({ lookback, start: "", end: "" })}`);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-lg font-semibold">Services</h1>
        <p className="min-w-0 flex-1 truncate text-sm text-slate-500" data-testid="services-summary">
          {services ? `${countOf(services.length, "service")} · ` : ""}
          {describeWindow(range)}, hourly
          {firstHourUs !== undefined && `: whole UTC hours from ${formatHourUs(firstHourUs)}`}
        </p>
        <LookbackSelect range={range} onLookback={goTo} />
      </div>
      {metrics.isError ? (
        <p
          role="alert"
          className="rounded bg-red-50 p-3 text-sm text-red-700 dark:bg-red-950 dark:text-red-300"
          data-testid="services-error"
        >
          The service metrics failed: {metrics.error.message}
        </p>
      ) : !services ? (
        <p className="text-sm text-slate-500" data-testid="services-loading">
          Loading service metrics…
        </p>
      ) : services.length === 0 ? (
        <p
          className="rounded border border-dashed border-slate-300 p-6 text-center text-sm text-slate-500 dark:border-slate-700"
          data-testid="services-empty"
        >
          No calls in {describeWindow(range)}. Widen the time range, or send spans to Tracelight.
        </p>
      ) : (
        services.map((service) => <ServiceSection key={service.service} service={service} range={range} />)
      )}
    </div>
  );
}

function ServiceSection({ service, range }: { service: ServiceMetrics; range: GraphWindow }) {
  return (
    <section
      className="rounded border border-slate-200 dark:border-slate-800"
      aria-label={service.service}
      data-testid="service-section"
      data-service={service.service}
    >
      <header className="flex flex-wrap items-baseline gap-3 border-b border-slate-200 px-3 py-2 dark:border-slate-800">
        <h2 className="font-semibold">{service.service}</h2>
        <span
          className="text-sm tabular-nums text-slate-600 dark:text-slate-400"
          data-testid="service-totals"
        >
          {describeCalls(service)} · {countOf(service.operations.length, "operation")}
        </span>
        <Link
          href={tracesHref(service.service, range)}
          className="ml-auto text-sm text-sky-700 hover:underline dark:text-sky-400"
        >
          Traces of {service.service}
        </Link>
      </header>
      <ul className="divide-y divide-slate-100 dark:divide-slate-900">
        {service.operations.map((operation) => (
          <OperationMetricsRow
            key={operation.name}
            service={service.service}
            operation={operation}
            range={range}
          />
        ))}
      </ul>
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
}: {
  service: string;
  operation: OperationMetrics;
  range: GraphWindow;
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
  const href = operationSearchHref(service, name, range);
  return (
    <li
      className="grid gap-3 px-3 py-2 lg:grid-cols-[minmax(12rem,1fr)_repeat(3,auto)] lg:items-center"
      data-testid="operation-row"
      data-operation={name}
    >
      <div className="min-w-0 text-sm">
        <Link
          href={href}
          className="block truncate font-medium text-sky-700 hover:underline dark:text-sky-400"
          data-testid="operation-link"
        >
          {name}
        </Link>
        <div className="tabular-nums text-slate-600 dark:text-slate-400" data-testid="operation-calls">
          {describeCalls(operation)}
        </div>
        <div className="tabular-nums text-slate-500" data-testid="operation-latency">
          {describeLatency(operation)}
        </div>
      </div>
      <RedChart
        title="Requests"
        hoursUs={charts.hoursUs}
        series={charts.rate}
        format={formatRatePerS}
        href={href}
        linkLabel={`Traces of ${name}`}
        testId="rate-chart"
      />
      <RedChart
        title="Error rate"
        hoursUs={charts.hoursUs}
        series={charts.errors}
        format={formatErrorRate}
        minTop={ERROR_RATE_THRESHOLDS.warn}
        href={operationSearchHref(service, name, range, true)}
        linkLabel={`Failed traces of ${name}`}
        testId="error-chart"
      />
      <RedChart
        title="Latency"
        hoursUs={charts.hoursUs}
        series={charts.latency}
        format={formatDurationUs}
        href={href}
        linkLabel={`Traces of ${name}`}
        testId="latency-chart"
      />
    </li>
  );
}

/** The search page's lookbacks; a start and end from a copied link show as a custom range. */
function LookbackSelect({ range, onLookback }: { range: GraphWindow; onLookback(lookback: string): void }) {
  const custom = range.start !== "";
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="text-slate-500">Time range</span>
      <select
        className="rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
        value={custom ? "custom" : range.lookback}
        onChange={(event) => onLookback(event.target.value)}
        data-testid="services-lookback"
      >
        {lookbackChoices(range.lookback).map((lookback) => (
          <option key={lookback} value={lookback}>
            last {lookback}
          </option>
        ))}
        {custom && (
          <option value="custom" disabled>
            custom range
          </option>
        )}
      </select>
    </label>
  );
}
