"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { useSearchQuery } from "@/components/queries/useSearchQuery";
import { CopyButton } from "@/components/shared/CopyButton";
import { countOf } from "@/lib/format/count";
import { SEARCH_ORDERS, type SearchOrder } from "@/lib/search/query";
import {
  absoluteWindow,
  describeSearch,
  type SearchField,
  searchQueryString,
  searchValues,
  windowValues,
} from "@/lib/search/search-url";
import { SearchForm } from "./SearchForm";
import { TraceResults } from "./TraceResults";
import { TraceScatter } from "./TraceScatter";

const ORDER_LABELS: Record<SearchOrder, string> = {
  recent: "Most recent",
  longest: "Longest",
  spans: "Most spans",
  errors: "Most errors",
};

/**
 * The search page. The URL's query string is the search: the form writes it (a new history entry,
 * so back and forward step through searches), the results read it, and a copied link opens the same.
 */
export function SearchPage() {
  const router = useRouter();
  const pathname = usePathname();
  const queryString = useSearchParams().toString();
  const values = searchValues(new URLSearchParams(queryString));
  const search = useSearchQuery(queryString);
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());

  const go = (next: Partial<Record<SearchField, string>>) => {
    const query = searchQueryString({ ...values, ...next });
    router.push(query ? `${pathname}?${query}` : pathname);
  };
  const traces = search.data?.traces ?? [];
  const timeWindow = absoluteWindow(values, Date.now());
  const compare = [...picked];

  return (
    <div className="grid gap-6 lg:grid-cols-[20rem_minmax(0,1fr)]">
      <aside>
        <SearchForm key={queryString} initial={values} onSearch={(next) => go(next)} />
      </aside>
      <section className="min-w-0 space-y-3">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-lg font-semibold">
            {search.isSuccess ? countOf(traces.length, "trace") : "Traces"}
          </h1>
          <p className="min-w-0 flex-1 truncate text-sm text-slate-500" data-testid="search-summary">
            {describeSearch(values).join(" · ")}
          </p>
          <CopyButton text={() => window.location.href} label="copy link" />
        </div>
        {search.isError ? (
          <p
            role="alert"
            className="rounded bg-red-50 p-3 text-sm text-red-700 dark:bg-red-950 dark:text-red-300"
            data-testid="search-error"
          >
            The search failed: {search.error.message}
          </p>
        ) : search.isPending ? (
          <p className="text-sm text-slate-500">Searching…</p>
        ) : (
          <>
            <TraceScatter
              traces={traces}
              {...(timeWindow ? { window: timeWindow } : {})}
              onOpen={(traceId) => router.push(`/trace/${traceId}`)}
              onBrush={(window) => go(windowValues(window))}
            />
            <div className="flex flex-wrap items-center gap-2 text-sm">
              <span className="text-slate-500">Sort</span>
              {SEARCH_ORDERS.map((order) => (
                <button
                  key={order}
                  type="button"
                  className={`rounded px-2 py-0.5 ${values.sort === order ? "bg-slate-200 font-medium dark:bg-slate-800" : "hover:bg-slate-100 dark:hover:bg-slate-900"}`}
                  aria-pressed={values.sort === order}
                  onClick={() => go({ sort: order })}
                  data-testid={`sort-${order}`}
                >
                  {ORDER_LABELS[order]}
                </button>
              ))}
              <span className="ml-auto flex items-center gap-2">
                {compare.length > 0 && <span className="text-slate-500">{compare.length} picked</span>}
                {compare.length === 2 ? (
                  <Link
                    href={`/compare?a=${compare[0]}&b=${compare[1]}`}
                    className="rounded bg-sky-600 px-2 py-0.5 font-medium text-white hover:bg-sky-700"
                    data-testid="compare-link"
                  >
                    Compare
                  </Link>
                ) : (
                  <span className="text-xs text-slate-500">pick two traces to compare</span>
                )}
              </span>
            </div>
            {traces.length === 0 ? (
              <p
                className="rounded border border-dashed border-slate-300 p-6 text-center text-sm text-slate-500 dark:border-slate-700"
                data-testid="no-results"
              >
                No traces match {describeSearch(values).join(", ")}. Widen the time range or remove a filter.
              </p>
            ) : (
              <TraceResults
                traces={traces}
                nowUs={Date.now() * 1000}
                picked={picked}
                onPick={(traceId, on) =>
                  setPicked((current) => {
                    const next = new Set(current);
                    if (on) next.add(traceId);
                    else next.delete(traceId);
                    return next;
                  })
                }
              />
            )}
          </>
        )}
      </section>
    </div>
  );
}
