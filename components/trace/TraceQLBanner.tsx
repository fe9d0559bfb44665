"use client";

import { countOf } from "@/lib/format/count";

/**
 * "N spans match <query>" over the trace opened from a TraceQL search, with steps through the marked
 * spans and a way to drop the marks; or why the query cannot run.
 */
export function TraceQLBanner({
  query,
  result,
  onStep,
  onClear,
}: {
  query: string;
  result: { count: number } | { error: string };
  onStep(direction: 1 | -1): void;
  onClear(): void;
}) {
  const button =
    "rounded border border-violet-300 px-2 py-0.5 hover:bg-violet-100 disabled:opacity-40 dark:border-violet-700 dark:hover:bg-violet-900";
  return (
    <div
      role="status"
      className="mb-3 flex flex-wrap items-center gap-2 rounded border border-violet-300 bg-violet-50 px-3 py-2 text-sm text-violet-950 dark:border-violet-700 dark:bg-violet-950 dark:text-violet-100"
      data-testid="traceql-banner"
    >
      {"error" in result ? (
        <span>The query cannot run: {result.error}</span>
      ) : (
        <span data-testid="traceql-banner-count">
          {countOf(result.count, "span")} {result.count === 1 ? "matches" : "match"}{" "}
          <code className="rounded bg-white/60 px-1 dark:bg-black/30">{query}</code>
        </span>
      )}
      <span className="ml-auto flex gap-1">
        {!("error" in result) && (
          <>
            <button
              type="button"
              className={button}
              disabled={result.count === 0}
              onClick={() => onStep(-1)}
              aria-label="Previous matched span"
            >
              ↑
            </button>
            <button
              type="button"
              className={button}
              disabled={result.count === 0}
              onClick={() => onStep(1)}
              aria-label="Next matched span"
            >
              ↓
            </button>
          </>
        )}
        <button type="button" className={button} onClick={onClear} aria-label="Clear the query's marks">
          ×
        </button>
      </span>
    </div>
  );
}
