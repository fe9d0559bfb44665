import type { Span } from "../model/span";
import type { TraceRow } from "../trace/tree";
import { evaluateTrace } from "./evaluate";
import { matchedSpanIds } from "./fields";
import { parseTraceQL, TraceQLError } from "./parse";

/**
 * What a TraceQL query marks on the trace page (`/trace/{id}?q=`, opened from a TraceQL search): the
 * spans it selects in this trace, evaluated in the browser on the spans the page read, or why it
 * cannot run. The same evaluator the search confirms its matches with, so the page marks what the
 * search matched.
 */
export function traceqlMarks(
  query: string,
  spans: readonly Span[],
): { spanIds: Set<string> } | { error: string } {
  try {
    return { spanIds: new Set(matchedSpanIds(evaluateTrace(parseTraceQL(query), spans, query))) };
  } catch (error) {
    if (error instanceof TraceQLError) return { error: error.message };
    throw error;
  }
}

/** The rows, in order, whose span is one of `spanIds` (both halves of a shared span). */
export function rowsOfSpans(rows: readonly TraceRow[], spanIds: ReadonlySet<string>): number[] {
  const found: number[] = [];
  rows.forEach((row, index) => {
    if (spanIds.has(row.span.spanId)) found.push(index);
  });
  return found;
}

/** The matched row after (or before) `selected`, wrapping around; the first (or last) with none selected. */
export function stepRow(
  matches: readonly number[],
  selected: number | undefined,
  direction: 1 | -1,
): number | undefined {
  if (matches.length === 0) return undefined;
  if (selected === undefined) return direction === 1 ? matches[0] : matches.at(-1);
  const next =
    direction === 1
      ? matches.find((row) => row > selected)
      : [...matches].reverse().find((row) => row < selected);
  return next ?? (direction === 1 ? matches[0] : matches.at(-1));
}
