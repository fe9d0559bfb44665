"use client";

import Link from "next/link";
import { Fragment, useState } from "react";
import type { ServiceMetricsSort, ServiceSummary } from "@/lib/api/service-metrics";
import { type ServicesView, servicesPageQuery, sortedBy } from "@/lib/services/services-view";
import type { SlowTail } from "@/lib/services/slow-tail";
import { ServiceRow } from "./ServiceRow";
import { ServiceSection } from "./ServiceSection";

/** The table's columns and what a click on each sorts by (the rate's order is the calls'). */
const COLUMNS: { label: string; sort: ServiceMetricsSort; align: "left" | "right" }[] = [
  { label: "Service", sort: "name", align: "left" },
  { label: "Rate", sort: "calls", align: "right" },
  { label: "Error rate", sort: "errorRate", align: "right" },
  { label: "p95", sort: "p95", align: "right" },
];

/**
 * A page of services, one row each, in the URL's sort. A header sorts by its column (a link, so the
 * sort is a page of its own in the history); the sorted one again reverses it. A row opens its
 * busiest operations' charts under it, as does the URL's slow tail for its service.
 */
export function ServicesTable({
  services,
  view,
  stepLabel,
  tail,
}: {
  services: readonly ServiceSummary[];
  view: ServicesView;
  stepLabel: string;
  tail: SlowTail | undefined;
}) {
  const [opened, setOpened] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = (service: string) =>
    setOpened((before) => {
      const after = new Set(before);
      if (!after.delete(service)) after.add(service);
      return after;
    });
  const pageQuery = servicesPageQuery(view);
  return (
    <table className="w-full border-collapse text-sm" data-testid="services-table">
      <thead>
        <tr className="text-xs text-slate-500">
          {COLUMNS.map((column) => {
            const sorted = view.sort === column.sort;
            return (
              <th
                key={column.sort}
                scope="col"
                // The names take what the numbers leave.
                className={`px-3 py-1 font-medium ${column.align === "left" ? "w-full text-left" : "text-right whitespace-nowrap"}`}
                aria-sort={sorted ? (view.order === "asc" ? "ascending" : "descending") : "none"}
              >
                <Link
                  href={`/services?${servicesPageQuery(sortedBy(view, column.sort))}`}
                  scroll={false}
                  className={`hover:underline ${sorted ? "text-slate-900 dark:text-slate-100" : ""}`}
                  data-testid={`sort-${column.sort}`}
                >
                  {column.label}
                  {sorted && (view.order === "asc" ? " ↑" : " ↓")}
                </Link>
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>
        {services.map((service) => {
          const expanded = opened.has(service.service) || tail?.service === service.service;
          return (
            <Fragment key={service.service}>
              <ServiceRow
                service={service}
                href={`/services?${servicesPageQuery({ ...view, service: service.service, page: 1 })}`}
                expanded={expanded}
                onToggle={() => toggle(service.service)}
                stepLabel={stepLabel}
              />
              {expanded && (
                <tr>
                  <td colSpan={COLUMNS.length} className="px-3 pb-3">
                    <ServiceSection
                      service={service}
                      view={view}
                      stepLabel={stepLabel}
                      showsAll={false}
                      pageQuery={pageQuery}
                      tail={tail}
                    />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
