"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { useSearchQuery } from "@/components/queries/useSearchQuery";
import { appendTag } from "@/lib/search/append-tag";
import { type DiffSelection, diffSelectionOf, diffSelectionParam } from "@/lib/search/diff-selection";
import { SEARCH_ORDERS, type SearchOrder } from "@/lib/search/query";
import {
  absoluteWindow,
  describeSearch,
  type SearchField,
  searchQueryString,
  searchValues,
  windowValues,
} from "@/lib/search/search-url";
import { isTraceQLSearch, traceqlQueryString, windowOf } from "@/lib/search/traceql-url";
import { searchToTraceQL } from "@/lib/traceql/from-search";
import { ResultsPanel } from "./ResultsPanel";
import { SearchForm } from "./SearchForm";
import { SearchModeTabs } from "./SearchModeTabs";
import { type BrushMode, SearchAttributeDiff, SelectionControls } from "./SearchSelection";
import { TraceQLSearch } from "./TraceQLSearch";

const ORDER_LABELS: Record<SearchOrder, string> = {
  recent: "Most recent",
  longest: "Longest",
  spans: "Most spans",
  errors: "Most errors",
};

/**
 * The search page. The URL's query string is the search: the form (or, with `?q=`, the TraceQL
 * editor) writes it (a new history entry, so back and forward step through searches), the results
 * read it, and a copied link opens the same. So is the form's selection (`slowerThan=250ms`,
 * `errors=true`), whose attribute diff shows under the plot.
 */
export function SearchPage() {
  const queryString = useSearchParams().toString();
  return isTraceQLSearch(new URLSearchParams(queryString)) ? (
    <TraceQLSearch queryString={queryString} />
  ) : (
    <FormSearch queryString={queryString} />
  );
}

function FormSearch({ queryString }: { queryString: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = new URLSearchParams(queryString);
  const values = searchValues(params);
  const selection = diffSelectionOf(params);
  const search = useSearchQuery(queryString);
  const [brushMode, setBrushMode] = useState<BrushMode>(selection ? "compare" : "zoom");

  // A new search (a filter, a window, a sort) closes the selection: it was of the previous results.
  const href = (next: Partial<Record<SearchField, string>>, selected?: DiffSelection) => {
    const query = new URLSearchParams(searchQueryString({ ...values, ...next }));
    if (selected) query.set(...diffSelectionParam(selected));
    return query.size > 0 ? `${pathname}?${query}` : pathname;
  };
  const go = (next: Partial<Record<SearchField, string>>, selected?: DiffSelection) =>
    router.push(href(next, selected));
  // The form's filters as TraceQL, in the same window: what the TraceQL tab and "Show as TraceQL" open.
  const asTraceQL = (filters: Record<SearchField, string>) =>
    `${pathname}?${traceqlQueryString({ ...windowOf(filters), q: searchToTraceQL(filters).query })}`;
  const words = describeSearch(values);

  return (
    <div className="grid gap-6 lg:grid-cols-[20rem_minmax(0,1fr)]">
      <aside>
        <SearchModeTabs
          mode="form"
          formHref={queryString ? `${pathname}?${queryString}` : pathname}
          traceqlHref={asTraceQL(values)}
        />
        <SearchForm
          key={queryString}
          initial={values}
          onSearch={(next) => go(next)}
          onShowTraceQL={(filters) => router.push(asTraceQL(filters))}
        />
      </aside>
      <ResultsPanel
        search={search}
        traces={search.data?.traces ?? []}
        summary={words.join(" · ")}
        noMatch={`No traces match ${words.join(", ")}. Widen the time range or remove a filter.`}
        window={absoluteWindow(values, Date.now())}
        brush={
          brushMode === "zoom"
            ? { axis: "time", onBrush: (window) => go(windowValues(window)) }
            : { axis: "duration", onBrush: (durationUs) => go({}, { kind: "slowerThan", durationUs }) }
        }
        selection={
          selection && (
            <SearchAttributeDiff
              search={searchQueryString(values)}
              selection={selection}
              filterHref={(tag) => href({ tags: appendTag(values.tags, tag) })}
              onClose={() => go({})}
            />
          )
        }
        controls={
          <>
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
            <span className="mx-1 h-4 border-l border-slate-300 dark:border-slate-700" />
            <SelectionControls
              mode={brushMode}
              onMode={setBrushMode}
              selection={selection}
              onSelect={(selected) => go({}, selected)}
            />
          </>
        }
      />
    </div>
  );
}
