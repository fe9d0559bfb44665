"use client";

import Link from "next/link";
import { useMemo } from "react";
import type { ServiceSummary } from "@/lib/api/service-metrics";
import { formatDurationUs } from "@/lib/format/duration";
import { describeCalls, ERROR_RATE_THRESHOLDS, formatErrorRate } from "@/lib/graph/edge-style";
import { changeOf } from "@/lib/services/overview";
import { chartValues, formatRatePerS } from "@/lib/services/red-chart";
import { overflowLabel } from "@/lib/services/services-view";
import { ERROR_COLOR, LATENCY_COLORS, RATE_COLOR } from "./chart-colors";
import { MetricCell } from "./MetricCell";

const orDash = (value: number | null, format: (value: number) => string) =>
  value === null ? "–" : format(value);

/**
 * A service's row in the services table: its name (linking to its own page, with all its
 * operations), its rate, error rate and p95 over the window with their sparklines and how each moved
 * since the period before, and a button that opens its busiest operations' charts under it.
 */
export function ServiceRow({
  service,
  href,
  expanded,
  onToggle,
  stepLabel,
}: {
  service: ServiceSummary;
  /** The service's own page. */
  href: string;
  expanded: boolean;
  onToggle(): void;
  /** "every 1m", for the sparklines' titles. */
  stepLabel: string;
}) {
  const values = useMemo(() => chartValues(service.series), [service.series]);
  const name = overflowLabel(service.service, "service");
  const { previous } = service;
  return (
    <tr
      className="border-t border-slate-100 dark:border-slate-900"
      data-testid="service-row"
      data-service={service.service}
    >
      <th scope="row" className="px-3 py-1.5 text-left font-normal">
        <div className="flex items-center gap-2">
          <button
            type="button"
            onClick={onToggle}
            aria-expanded={expanded}
            aria-label={`${expanded ? "Hide" : "Show"} the operations of ${name.label}`}
            className="w-5 rounded text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800"
            data-testid="service-expand"
          >
            {expanded ? "▾" : "▸"}
          </button>
          <Link
            href={href}
            title={name.why ?? describeCalls(service)}
            className="truncate font-medium text-sky-700 hover:underline dark:text-sky-400"
            data-testid="service-link"
          >
            {name.label}
          </Link>
        </div>
      </th>
      <MetricCell
        text={formatRatePerS(service.ratePerS)}
        change={changeOf(service.ratePerS, previous.calls > 0 ? previous.ratePerS : null, "neither")}
        previousText={formatRatePerS(previous.ratePerS)}
        sparkline={{
          timesUs: values.timesUs,
          values: values.ratePerS,
          color: RATE_COLOR,
          label: `Requests, ${stepLabel}`,
          format: formatRatePerS,
        }}
        testId="service-rate"
      />
      <MetricCell
        text={orDash(service.errorRate, formatErrorRate)}
        change={changeOf(service.errorRate, previous.errorRate, "up", "points")}
        previousText={orDash(previous.errorRate, formatErrorRate)}
        sparkline={{
          timesUs: values.timesUs,
          values: values.errorRate,
          color: ERROR_COLOR,
          label: `Error rate, ${stepLabel}`,
          format: formatErrorRate,
          minTop: ERROR_RATE_THRESHOLDS.warn,
        }}
        testId="service-error-rate"
      />
      <MetricCell
        text={orDash(service.p95Us, formatDurationUs)}
        change={changeOf(service.p95Us, previous.p95Us, "up")}
        previousText={orDash(previous.p95Us, formatDurationUs)}
        sparkline={{
          timesUs: values.timesUs,
          values: values.p95Us,
          color: LATENCY_COLORS.p95,
          label: `p95 latency, ${stepLabel}`,
          format: formatDurationUs,
        }}
        testId="service-p95"
      />
    </tr>
  );
}
