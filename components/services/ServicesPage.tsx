"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useServiceMetricsQuery } from "@/components/queries/useServiceMetricsQuery";
import { countOf } from "@/lib/format/count";
import { describeGrain, formatStepUs } from "@/lib/services/overview";
import {
  overflowLabel,
  refreshIntervalMs,
  type ServicesView,
  servicesApiQuery,
  servicesPageQuery,
  servicesView,
} from "@/lib/services/services-view";
import { slowTailOf } from "@/lib/services/slow-tail";
import { describeWindow } from "@/lib/time/window";
import { ServiceSection } from "./ServiceSection";
import { ServicesControls } from "./ServicesControls";
import { ServicesHeadline } from "./ServicesHeadline";
import { ServicesPager } from "./ServicesPager";
import { ServicesTable } from "./ServicesTable";

/**
 * The services page, an on-call engineer's live overview: a table of services, the worst first, with
 * their rate, error rate and p95 at the step, and how each moved since the period before; or, with
 * `service`, that service's operations, a page at a time. The window, sort, page, step and refresh
 * are in the URL (a new history entry for each, as on the search and dependencies pages), read on
 * every render, so back and forward restore them. The numbers on screen stay while the next are
 * read; a refresh that fails says so above them.
 */
export function ServicesPage() {
  const router = useRouter();
  const pathname = usePathname();
  const params = new URLSearchParams(useSearchParams().toString());
  const view = servicesView(params);
  const tail = slowTailOf(params);
  const metrics = useServiceMetricsQuery(servicesApiQuery(view), refreshIntervalMs(view));
  const page = metrics.data;
  const services = page?.services;
  const noun = view.service === "" ? "service" : "operation";
  const stepLabel = page ? `every ${formatStepUs(page.stepUs)}` : "";
  const goTo = (changes: Partial<ServicesView>) =>
    router.push(`${pathname}?${servicesPageQuery({ ...view, ...changes })}`);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline gap-3">
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
          {describeWindow(view.window)}
          {page && `, ${describeGrain(page)}`}
        </p>
      </div>
      <ServicesControls
        view={view}
        stepUs={page?.stepUs}
        updatedAtMs={metrics.dataUpdatedAt}
        fetching={metrics.isFetching}
        onChange={goTo}
      />
      {metrics.isError && (
        <p
          role="alert"
          className="rounded bg-red-50 p-3 text-sm text-red-700 dark:bg-red-950 dark:text-red-300"
          data-testid="services-error"
        >
          The service metrics failed: {metrics.error.message}
          {page && " (the numbers below are from the last answer)"}
        </p>
      )}
      {!page || !services ? (
        !metrics.isError && (
          <p className="text-sm text-slate-500" data-testid="services-loading">
            Loading service metrics…
          </p>
        )
      ) : page.total === 0 ? (
        <p
          className="rounded border border-dashed border-slate-300 p-6 text-center text-sm text-slate-500 dark:border-slate-700"
          data-testid="services-empty"
        >
          No calls in {describeWindow(view.window)}. Widen the time range, or send spans to Tracelight.
        </p>
      ) : (
        <div className={`space-y-4 ${metrics.isPlaceholderData ? "opacity-60" : ""}`}>
          {view.service === "" ? (
            <>
              <ServicesHeadline now={page.overall} previous={page.overallPrevious} />
              <ServicesTable services={services} view={view} stepLabel={stepLabel} tail={tail} />
            </>
          ) : (
            services.map((service) => (
              <ServiceSection
                key={service.service}
                service={service}
                view={view}
                stepLabel={stepLabel}
                showsAll
                pageQuery={servicesPageQuery(view)}
                tail={tail}
              />
            ))
          )}
          <ServicesPager
            view={view}
            offset={page.offset}
            shown={view.service === "" ? services.length : (services[0]?.operations.length ?? 0)}
            total={page.total}
            noun={noun}
          />
        </div>
      )}
    </div>
  );
}
