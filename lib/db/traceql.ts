import type pg from "pg";
import type { TraceSummary } from "../api/trace-summary";
import type { Span } from "../model/span";
import type { SpansetExpr } from "../traceql/ast";
import { commonTerms } from "./common-terms";
import { statement } from "./search-sql";
import { fromRow, SPAN_ROW_COLUMNS, type SpanRowValues } from "./span-rows";
import { SUMMARY_COLUMNS, type SummaryRow, summaryFromRow } from "./summary-rows";
import { matchedSpansFilter, traceCondition } from "./traceql-trace-sql";

/** Where a page of candidates ends: the next page starts after it, newest first. */
export interface Cursor {
  startUs: number;
  traceId: string;
}

/**
 * One page of the traces a TraceQL query can match (lib/db/traceql-sql.ts), newest first, after
 * `cursor`: the traces overlapping the window that hold the spans its filters need.
 */
export async function traceqlCandidates(
  client: pg.PoolClient,
  root: SpansetExpr,
  window: { startUs: number; endUs: number },
  cursor: Cursor | undefined,
  limit: number,
): Promise<TraceSummary[]> {
  const common = await commonTerms(client);
  const config = statement((param) => {
    const filters = [
      `t.start_us <= ${param(window.endUs)}`,
      `t.end_us >= ${param(window.startUs)}`,
      traceCondition(root, window, param, common),
    ];
    if (cursor)
      filters.push(`(t.start_us, t.trace_id) < (${param(cursor.startUs)}, ${param(cursor.traceId)})`);
    return `SELECT ${SUMMARY_COLUMNS} FROM traces t WHERE ${filters.join(" AND ")}
      ORDER BY t.start_us DESC, t.trace_id DESC LIMIT ${param(limit)}`;
  });
  return (await client.query<SummaryRow>(config)).rows.map(summaryFromRow);
}

/**
 * The spans of `traceIds` the query's one filter selects, when SQL says it exactly (otherwise
 * undefined: the evaluator needs the whole traces). At most `maxSpans`, the earliest of each trace
 * first; a trace past the bound is evaluated on the spans read.
 */
export async function traceqlMatchedSpans(
  client: pg.PoolClient,
  root: SpansetExpr,
  traceIds: string[],
  maxSpans: number,
): Promise<Span[] | undefined> {
  let exact = true;
  const common = await commonTerms(client);
  const config = statement((param) => {
    const filter = matchedSpansFilter(root, param, common);
    if (filter === undefined) exact = false;
    return `SELECT ${SPAN_ROW_COLUMNS} FROM spans s JOIN traces t USING (trace_id)
      WHERE s.trace_id = ANY(${param(traceIds)}) AND ${filter ?? "FALSE"}
      ORDER BY s.trace_id, s.start_us LIMIT ${param(maxSpans)}`;
  });
  if (!exact) return undefined;
  return (await client.query<SpanRowValues>(config)).rows.map(fromRow);
}
