"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useServiceMetricsQuery } from "@/components/queries/useServiceMetricsQuery";
import { SERVICE_METRICS_SORTS, type ServiceMetricsSort } from "@/lib/api/service-metrics";
import { countOf } from "@/lib/format/count";
import { formatHourUs } from "@/lib/services/red-chart";
import {
  overflowLabel,
  type ServicesView,
  servicesApiQuery,
  servicesPageQuery,
  servicesView,
} from "@/lib/services/services-view";
import { slowTailOf } from "@/lib/services/slow-tail";
import { describeWindow, type GraphWindow, lookbackChoices } from "@/lib/time/window";
import { ServiceSection } from "./ServiceSection";
import { ServicesPager } from "./ServicesPager";

const SORT_LABELS: Record<ServiceMetricsSort, string> = {
  errorRate: "worst error rate",
  p95: "slowest p95",
  calls: "most calls",
  errors: "most errors",
  name: "name",
};

/**
 * The services page: per service its calls and errors, per operation its hourly request rate, error
 * rate and latency, a page of services at a time (or, with `service`, a page of its operations). The
 * time range, sort and page are in the URL (a new history entry for each, as on the search and
 * dependencies pages), read on every render, so back and forward restore them.
 */
export function ServicesPage() {
  const router = useRouter();
  const pathname = usePathname();
  const params = new URLSearchParams(useSearchParams().toString());
  const view = servicesView(params);
  const tail = slowTailOf(params);
  const range = view.window;
  const metrics = useServiceMetricsQuery(servicesApiQuery(view));
  const page = metrics.data;
  const services = page?.services;
  const noun = view.service === "" ? "service" : "operation";
  // The histograms are hourly: a window counts the whole hours it overlaps, which the summary says.
  const firstHourUs = services?.[0]?.operations[0]?.series[0]?.timeUs;
  const goTo = (changes: Partial<ServicesView>) =>
    router.push(`${pathname}?${servicesPageQuery({ ...view, page: 1, ...changes })}`);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-lg font-semibold">
          {view.service === "" ? (
            "Services"
          ) : (
            <>
              <Link
                href={`/services?${servicesPageQuery({ ...view, service: "", page: 1 })}`}
                className="text-sky-700 hover:underline dark:text-sky-400"
              >
                Services
              </Link>
              {` / ${overflowLabel(view.service, "service").label}`}
            </>
          )}
        </h1>
        <p className="min-w-0 flex-1 truncate text-sm text-slate-500" data-testid="services-summary">
          {page ? `${countOf(page.total, noun)} · ` : ""}
          {describeWindow(range)}, hourly
          {firstHourUs !== undefined && `: whole UTC hours from ${formatHourUs(firstHourUs)}`}
        </p>
        <SortSelect sort={view.sort} onSort={(sort) => goTo({ sort })} />
        <LookbackSelect
          range={range}
          onLookback={(lookback) => goTo({ window: { lookback, start: "", end: "" } })}
        />
      </div>
      {metrics.isError ? (
        <p
          role="alert"
          className="rounded bg-red-50 p-3 text-sm text-red-700 dark:bg-red-950 dark:text-red-300"
          data-testid="services-error"
        >
          The service metrics failed: {metrics.error.message}
        </p>
      ) : !page || !services ? (
        <p className="text-sm text-slate-500" data-testid="services-loading">
          Loading service metrics…
        </p>
      ) : page.total === 0 ? (
        <p
          className="rounded border border-dashed border-slate-300 p-6 text-center text-sm text-slate-500 dark:border-slate-700"
          data-testid="services-empty"
        >
          No calls in {describeWindow(range)}. Widen the time range, or send spans to Tracelight.
        </p>
      ) : (
        <>
          {services.map((service) => (
            <ServiceSection
              key={service.service}
              service={service}
              range={range}
              showsAll={view.service !== ""}
              pageQuery={servicesPageQuery(view)}
              tail={tail}
            />
          ))}
          <ServicesPager
            view={view}
            offset={page.offset}
            shown={view.service === "" ? services.length : (services[0]?.operations.length ?? 0)}
            total={page.total}
            noun={noun}
          />
        </>
      )}
    </div>
  );
}

function SortSelect({ sort, onSort }: { sort: ServiceMetricsSort; onSort(sort: ServiceMetricsSort): void }) {
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="text-slate-500">Sort by</span>
      <select
        className="rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
        value={sort}
        onChange={(event) => onSort(event.target.value as ServiceMetricsSort)}
        data-testid="services-sort"
      >
        {SERVICE_METRICS_SORTS.map((name) => (
          <option key={name} value={name}>
            {SORT_LABELS[name]}
          </option>
        ))}
      </select>
    </label>
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
