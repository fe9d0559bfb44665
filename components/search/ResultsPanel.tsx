"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type ReactNode, useState } from "react";
import { CopyButton } from "@/components/shared/CopyButton";
import type { TraceSummary } from "@/lib/api/trace-summary";
import { countOf } from "@/lib/format/count";
import type { TimeWindow } from "@/lib/search/scatter";
import { TraceResults } from "./TraceResults";
import { TraceScatter } from "./TraceScatter";
import type { ScatterBrush } from "./useScatterBrush";

/**
 * A search's results, whichever mode asked: the count and what was asked, the scatter plot, the
 * mode's own controls (the form's sort orders), the compare picker, what the mode shows of a
 * selection (the form's attribute diff) and the list.
 */
export function ResultsPanel({
  search,
  traces,
  summary,
  noMatch,
  window,
  controls,
  hrefOf = (traceId) => `/trace/${traceId}`,
  matchedSpans,
  brush,
  selection,
}: {
  search: { isError: boolean; isPending: boolean; isSuccess: boolean; error: Error | null };
  traces: TraceSummary[];
  /** The search in words. */
  summary: string;
  /** What the page says when nothing matched. */
  noMatch: string;
  window: TimeWindow | undefined;
  controls?: ReactNode;
  hrefOf?(traceId: string): string;
  matchedSpans?: ReadonlyMap<string, number>;
  /** What a drag across the scatter plot asks for. */
  brush: ScatterBrush;
  /** What the mode shows of a selection of the results, under the plot and its controls. */
  selection?: ReactNode;
}) {
  const router = useRouter();
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const compare = [...picked];
  return (
    <section className="min-w-0 space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-lg font-semibold">
          {search.isSuccess ? countOf(traces.length, "trace") : "Traces"}
        </h1>
        <p className="min-w-0 flex-1 truncate text-sm text-slate-500" data-testid="search-summary">
          {summary}
        </p>
        <CopyButton text={() => globalThis.location.href} label="copy link" />
      </div>
      {search.isError ? (
        <p
          role="alert"
          className="rounded bg-red-50 p-3 text-sm text-red-700 dark:bg-red-950 dark:text-red-300"
          data-testid="search-error"
        >
          The search failed: {search.error?.message}
        </p>
      ) : search.isPending ? (
        <p className="text-sm text-slate-500">Searching…</p>
      ) : (
        <>
          <TraceScatter
            traces={traces}
            {...(window ? { window } : {})}
            onOpen={(traceId) => router.push(hrefOf(traceId))}
            brush={brush}
          />
          <div className="flex flex-wrap items-center gap-2 text-sm">
            {controls}
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
          {selection}
          {traces.length === 0 ? (
            <p
              className="rounded border border-dashed border-slate-300 p-6 text-center text-sm text-slate-500 dark:border-slate-700"
              data-testid="no-results"
            >
              {noMatch}
            </p>
          ) : (
            <TraceResults
              traces={traces}
              nowUs={Date.now() * 1000}
              picked={picked}
              hrefOf={hrefOf}
              {...(matchedSpans ? { matchedSpans } : {})}
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
  );
}
