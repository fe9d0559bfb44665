import type { TraceSummary } from "../api/trace-summary";
import { db } from "../db/pool";
import { withTimeout } from "../db/search";
import { type Cursor, traceqlCandidates, traceqlMatchedSpans } from "../db/traceql";
import { readTraces } from "../db/traces";
import type { Span } from "../model/span";
import type { Query } from "../traceql/ast";
import { evaluateTrace, type TraceMatch } from "../traceql/evaluate";

export interface TraceQLSearch {
  /** The query's text: the evaluator names aggregates and groups by their text in it. */
  q: string;
  startUs: number;
  endUs: number;
  /** At most this many traces. */
  limit: number;
}

/**
 * Candidate traces read per page: the first page is the limit, since where SQL decides the query
 * every candidate matches; a page after one that fell short is twice the size, up to this, so a query
 * the evaluator turns most candidates down for takes a few round trips, not one per twenty traces.
 */
const MAX_PAGE_TRACES = 400;
/** Candidates examined before the search answers with what it has: a query few traces match stops here. */
const MAX_CANDIDATES = 2000;

/**
 * A TraceQL search (lib/traceql), newest traces first: SQL finds the traces that can match
 * (lib/db/traceql-sql.ts) a page at a time, and the evaluator decides on each trace's spans (only
 * those the one filter selects, when SQL says it exactly; the whole trace, within the span bound,
 * when the query relates spans by the tree). It stops at `limit` matches, after MAX_CANDIDATES
 * candidates, or when the time is up (a statement the timeout cuts off is a 503 naming
 * TRACELIGHT_QUERY_TIMEOUT).
 */
export async function searchTraceQL(
  query: Query,
  search: TraceQLSearch,
  timeoutMs: number,
): Promise<TraceMatch[]> {
  const window = { startUs: search.startUs, endUs: search.endUs };
  const matches: TraceMatch[] = [];
  let cursor: Cursor | undefined;
  // The whole search, not only each statement, stays within the timeout: past it, it answers with
  // the matches it has (the newest ones), as Tempo answers a search that hit its limits.
  const deadline = performance.now() + timeoutMs;
  let pageTraces = Math.min(search.limit, MAX_PAGE_TRACES);
  for (
    let examined = 0;
    examined < MAX_CANDIDATES && matches.length < search.limit && performance.now() < deadline;
  ) {
    const size = Math.min(pageTraces, MAX_CANDIDATES - examined);
    // Each page's reads hold a connection only while they run: a whole-trace read takes another,
    // through the trace-read gate.
    const { candidates, matched } = await withTimeout(timeoutMs, async (client) => {
      const candidates = await traceqlCandidates(client, query.root, window, cursor, size);
      const ids = candidates.map((trace) => trace.traceId);
      const matched =
        ids.length > 0 ? await traceqlMatchedSpans(client, query.root, ids, db().maxTraceSpans) : [];
      return { candidates, matched };
    });
    if (candidates.length === 0) break;
    const spans = matched ?? (await wholeTraces(candidates.map((trace) => trace.traceId)));
    const byTrace = groupByTrace(spans);
    for (const trace of candidates) {
      const match = evaluateTrace(query, byTrace.get(trace.traceId) ?? [], search.q, {
        rootName: trace.rootName,
        rootService: trace.rootService,
        durationUs: trace.durationUs,
      });
      if (match.spansets.length > 0) matches.push({ trace, ...match });
      if (matches.length === search.limit) return matches;
    }
    if (candidates.length < size) break;
    examined += candidates.length;
    pageTraces = Math.min(pageTraces * 2, MAX_PAGE_TRACES);
    const last = candidates.at(-1) as TraceSummary;
    cursor = { startUs: last.startUs, traceId: last.traceId };
  }
  return matches;
}

/** The candidates' every span, within the bound on one read; a trace past it is left out. */
async function wholeTraces(traceIds: string[]): Promise<Span[]> {
  const { traces } = await readTraces(traceIds);
  return traces.flatMap((trace) => trace.spans);
}

function groupByTrace(spans: Span[]): Map<string, Span[]> {
  const byTrace = new Map<string, Span[]>();
  for (const span of spans) {
    const list = byTrace.get(span.traceId);
    if (list) list.push(span);
    else byTrace.set(span.traceId, [span]);
  }
  return byTrace;
}
