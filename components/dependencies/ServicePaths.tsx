"use client";

import { useState } from "react";
import { useServicePathsQuery } from "@/components/queries/useServicePathsQuery";
import { countOf } from "@/lib/format/count";
import { pathShares, servicePathsApiQuery } from "@/lib/services/service-paths-view";
import { describeWindow, type GraphWindow } from "@/lib/time/window";
import { ServicePathRow } from "./ServicePathRow";

/**
 * The distinct call paths through a service in a window (`GET /api/services/paths`), as Jaeger's
 * deep dependency graph shows them: what led to the service, the service, what followed, busiest
 * first, with the traces that took each. `operation` starts the picker on one of its operations;
 * the picker is local state from then on (mount with `key={service}` so a new focus starts afresh).
 */
export function ServicePaths({
  service,
  operation,
  window,
  onSelectService,
}: {
  service: string;
  operation?: string | undefined;
  window: GraphWindow;
  /** Called with a hop's service when one is clicked; hops are plain text without it. */
  onSelectService?: ((service: string) => void) | undefined;
}) {
  const [picked, setPicked] = useState(operation ?? "");
  const query = useServicePathsQuery(servicePathsApiQuery(window, service, picked));
  const data = query.data;
  const shares = pathShares(data?.paths ?? []);
  // The picker lists the window's operations, and the one picked even before the answer names it.
  const operations =
    data?.operations.includes(picked) || picked === ""
      ? (data?.operations ?? [])
      : [picked, ...(data?.operations ?? [])];

  return (
    <section
      className="space-y-2 text-sm"
      aria-label={`Paths through ${service}`}
      data-testid="service-paths"
    >
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="font-semibold">
          Paths through <span className="text-sky-700 dark:text-sky-400">{service}</span>
        </h2>
        <label htmlFor="service-paths-operation" className="ml-auto text-slate-500">
          Operation
        </label>
        <select
          id="service-paths-operation"
          className="max-w-[16rem] rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
          value={picked}
          onChange={(event) => setPicked(event.target.value)}
          data-testid="service-paths-operation"
        >
          <option value="">all operations</option>
          {operations.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </div>
      {query.isError ? (
        <p
          role="alert"
          className="rounded bg-red-50 p-3 text-red-700 dark:bg-red-950 dark:text-red-300"
          data-testid="service-paths-error"
        >
          The paths through {service} failed: {query.error.message}
        </p>
      ) : !data ? (
        <p className="text-slate-500" data-testid="service-paths-loading">
          Loading the paths through {service}…
        </p>
      ) : data.paths.length === 0 ? (
        <p
          className="rounded border border-dashed border-slate-300 p-4 text-center text-slate-500 dark:border-slate-700"
          data-testid="service-paths-empty"
        >
          No traces passed through {service}
          {picked ? ` entered through ${picked}` : ""} in {describeWindow(window)}. Paths appear a few seconds
          after a trace's spans arrive.
        </p>
      ) : (
        <>
          <ol
            className={`divide-y divide-slate-100 dark:divide-slate-800 ${query.isPlaceholderData ? "opacity-60" : ""}`}
          >
            {data.paths.map((path, i) => (
              <ServicePathRow
                key={JSON.stringify([path.upstream, path.focus, path.downstream])}
                path={path}
                share={shares[i] ?? 0}
                onSelectService={onSelectService}
              />
            ))}
          </ol>
          {data.more > 0 && (
            <p className="text-xs text-slate-500" data-testid="service-paths-more">
              and {countOf(data.more, "less common path")} not shown
            </p>
          )}
        </>
      )}
    </section>
  );
}
