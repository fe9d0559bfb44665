"use client";

import Link from "next/link";
import { OVERFLOW_NAME, type ServiceSummary } from "@/lib/api/service-metrics";
import { countOf } from "@/lib/format/count";
import { describeCalls } from "@/lib/graph/edge-style";
import { tracesHref } from "@/lib/search/search-url";
import { overflowLabel, type ServicesView, servicesPageQuery } from "@/lib/services/services-view";
import type { SlowTail } from "@/lib/services/slow-tail";
import { OperationRow } from "./OperationRow";

/**
 * One service on the services page: its totals, its operations' numbers and charts at the page's
 * step, each linking to its traces. A service's own page shows it alone; the table, under its row. On a page of services it shows its busiest operations, with a link to its own
 * page for all of them. The overflow rows (calls past the caps) say what they are and link to the
 * traces they can: their service's, or every service's.
 */
export function ServiceSection({
  service,
  view,
  stepLabel,
  showsAll,
  pageQuery,
  tail,
}: {
  service: ServiceSummary;
  view: ServicesView;
  /** "every 1m", for the charts' titles. */
  stepLabel: string;
  /** Whether this is the service's own page, which pages all its operations. */
  showsAll: boolean;
  /** The page's query string, which an operation's slow tail is added to. */
  pageQuery: string;
  /** The slow tail the page shows, if any (of whichever service). */
  tail: SlowTail | undefined;
}) {
  const range = view.window;
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
          <OperationRow
            key={operation.name}
            service={service.service}
            operation={operation}
            range={range}
            stepLabel={stepLabel}
            pageQuery={pageQuery}
            shownTail={
              tail?.service === service.service && tail.operation === operation.name ? tail : undefined
            }
          />
        ))}
      </ul>
      {!showsAll && hidden > 0 && listed && (
        <Link
          href={`/services?${servicesPageQuery({ ...view, page: 1, service: service.service })}`}
          className="block border-t border-slate-100 px-3 py-1.5 text-sm text-sky-700 hover:underline dark:border-slate-900 dark:text-sky-400"
          data-testid="service-all-operations"
        >
          All {countOf(service.operationCount, "operation")} of {service.service} ({hidden} more)
        </Link>
      )}
    </section>
  );
}
