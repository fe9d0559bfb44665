"use client";

import { usePathname, useRouter } from "next/navigation";
import { useMemo } from "react";
import { TraceQLQueryError, useTraceQLSearchQuery } from "@/components/queries/useTraceQLSearchQuery";
import {
  absoluteWindow,
  describeSearch,
  searchQueryString,
  searchValues,
  windowValues,
} from "@/lib/search/search-url";
import { type TraceQLValues, traceHref, traceqlQueryString, windowOf } from "@/lib/search/traceql-url";
import { ResultsPanel } from "./ResultsPanel";
import { SearchModeTabs } from "./SearchModeTabs";
import { TraceQLForm } from "./TraceQLForm";

/**
 * The search page in TraceQL mode (`?q=`): the editor, and the traces the query matches with how many
 * spans it selected in each; a result opens its trace with the query, which marks those spans.
 */
export function TraceQLSearch({ queryString }: { queryString: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = new URLSearchParams(queryString);
  const form = searchValues(params);
  const values: TraceQLValues = { ...(windowOf(form) as Omit<TraceQLValues, "q">), q: params.get("q") ?? "" };
  const asked = values.q.trim() !== "";
  const search = useTraceQLSearchQuery(asked ? queryString : undefined);
  const traces = search.data?.traces ?? [];
  const matchedSpans = useMemo(
    () => new Map(traces.map((trace) => [trace.traceId, trace.matchedSpanIds.length])),
    [traces],
  );
  const go = (next: Partial<TraceQLValues>) =>
    router.push(`${pathname}?${traceqlQueryString({ ...values, ...next })}`);
  const serverError =
    search.error instanceof TraceQLQueryError
      ? { message: search.error.message, ...search.error.position }
      : undefined;
  const window = describeSearch(form).at(-1) ?? "";

  return (
    <div className="grid gap-6 lg:grid-cols-[24rem_minmax(0,1fr)]">
      <aside>
        <SearchModeTabs
          mode="traceql"
          formHref={[pathname, searchQueryString(windowOf(values))].filter(Boolean).join("?")}
          traceqlHref={`${pathname}?${queryString}`}
        />
        <TraceQLForm key={queryString} initial={values} serverError={serverError} onRun={go} />
      </aside>
      {asked ? (
        <ResultsPanel
          search={search}
          traces={traces}
          summary={`${values.q} · ${window}`}
          noMatch={`No traces match ${values.q} (${window}). Widen the time range or change the query.`}
          window={absoluteWindow(form, Date.now())}
          hrefOf={(traceId) => traceHref(traceId, values.q)}
          matchedSpans={matchedSpans}
          brush={{ axis: "time", onBrush: (brushed) => go(windowValues(brushed)) }}
        />
      ) : (
        <p className="text-sm text-slate-500" data-testid="traceql-empty">
          Write a TraceQL query, such as <code>{'{ resource.service.name = "shop" && status = error }'}</code>
          , and press Enter.
        </p>
      )}
    </div>
  );
}
