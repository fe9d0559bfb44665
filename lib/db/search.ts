import type pg from "pg";
import type { TraceSummary } from "../api/trace-summary";
import { RequestError } from "../errors";
import type { Span } from "../model/span";
import type { SearchOrder, SearchQuery } from "../search/query";
import { db } from "./pool";
import {
  inWindow,
  type Param,
  type ResolvedNames,
  spanConditions,
  statement,
  traceConditions,
} from "./search-sql";
import { fromRow, SPAN_ROW_COLUMNS, type SpanRowValues } from "./span-rows";
import { SUMMARY_COLUMNS, type SummaryRow, summaryFromRow } from "./summary-rows";

/**
 * The one trace search (lib/search/query.ts), for every API: the traces with a span that meets all
 * span filters in the window, and that meet the trace filters, newest first, each with all its spans
 * (the peers' APIs) or as its summary row (Tracelight's search page, which can also order them by
 * duration, span count or errors).
 *
 * Every filter is a SQL parameter, never text in the statement. Service and span names that are to
 * match whatever their case are first resolved to the stored spellings through `service_operations`,
 * so the search itself compares exactly and the (service_name, start_us) index serves it. Each of its
 * statements runs under `statement_timeout`: one that would take longer is a 503 naming the cause.
 */
export function searchTraces(query: SearchQuery, timeoutMs: number): Promise<Span[][]> {
  // Whole traces hold as much as a trace read: they take their turn at the same gate.
  return db().traceReads.run(() => search(query, timeoutMs, WHOLE_TRACES));
}

export function searchTraceSummaries(
  query: SearchQuery,
  order: SearchOrder,
  timeoutMs: number,
): Promise<TraceSummary[]> {
  return order === "recent"
    ? search(query, timeoutMs, SUMMARIES)
    : withTimeout(timeoutMs, async (client) => {
        const names = await resolveNames(client, query);
        return orderedSummaries(client, query, names, order);
      });
}

function search<T>(query: SearchQuery, timeoutMs: number, output: Output<T>): Promise<T[]> {
  return withTimeout(timeoutMs, async (client) => {
    const names = await resolveNames(client, query);
    const serviceAndMore = names.services !== undefined && spanConditions(query, names, () => "").length > 1;
    return serviceAndMore
      ? readServiceSpans(client, query, names, output)
      : walkTraces(client, query, names, output);
  });
}

/** What a search returns per trace, and how: its spans, or its summary row. */
interface Output<T> {
  /** The statement of the newest `limit` traces meeting `filters` (on `traces t`). */
  newest(filters: string[], limit: string): string;
  read(client: pg.PoolClient, config: pg.QueryConfig): Promise<T[]>;
  startUs(trace: T): number;
}

/**
 * Each trace with all its spans, in one statement. No tie-breaker after start_us: with one,
 * PostgreSQL sorted every match instead of stopping at the limit (10x slower at 1M spans). At most
 * TRACELIGHT_MAX_TRACE_SPANS spans in all: the traces that fit whole, newest first, or the newest
 * alone, cut to the bound, when it is larger.
 */
const WHOLE_TRACES: Output<Span[]> = {
  newest: (filters, limit) => `WITH found AS (
      SELECT t.trace_id, t.start_us FROM traces t WHERE ${filters.join(" AND ")}
      ORDER BY t.start_us DESC LIMIT ${limit})
    SELECT ${SPAN_ROW_COLUMNS} FROM found JOIN spans s ON s.trace_id = found.trace_id
    ORDER BY found.start_us DESC, s.trace_id, s.start_us, s.span_id LIMIT ${db().maxTraceSpans + 1}`,
  read: async (client, config) => {
    const traces = new Map<string, Span[]>();
    const { rows } = await client.query<SpanRowValues>(config);
    for (const row of rows.slice(0, db().maxTraceSpans)) {
      const span = fromRow(row);
      const trace = traces.get(span.traceId);
      if (trace) trace.push(span);
      else traces.set(span.traceId, [span]);
    }
    const whole = [...traces.values()];
    // Past the bound the last trace read is only part of itself: leave it out unless it is the only one.
    return rows.length > db().maxTraceSpans && whole.length > 1 ? whole.slice(0, -1) : whole;
  },
  startUs: (spans) => spans[0]?.startUs ?? Number.NEGATIVE_INFINITY,
};

const SUMMARIES: Output<TraceSummary> = {
  newest: (filters, limit) =>
    `SELECT ${SUMMARY_COLUMNS} FROM traces t WHERE ${filters.join(" AND ")} ORDER BY t.start_us DESC LIMIT ${limit}`,
  read: async (client, config) => (await client.query<SummaryRow>(config)).rows.map(summaryFromRow),
  startUs: (summary) => summary.startUs,
};

/**
 * One statement: the traces newest first, each probed for a matching span, until `limit` are found.
 * PostgreSQL stops at the limit when matches are common, and estimates a single filter well enough
 * to choose an index scan instead when they are rare.
 */
function walkTraces<T>(
  client: pg.PoolClient,
  query: SearchQuery,
  names: ResolvedNames,
  output: Output<T>,
): Promise<T[]> {
  return output.read(
    client,
    statement((param) => output.newest(matchingTraces(query, names, param), param(query.limit))),
  );
}

/** The filters on `traces t` of the traces the query matches, whatever their order. */
export function matchingTraces(query: SearchQuery, names: ResolvedNames, param: Param): string[] {
  const spanFilters = spanConditions(query, names, param);
  const filters = traceConditions(query, param);
  if (spanFilters.length > 0) {
    filters.push(
      `t.trace_id IN (SELECT s.trace_id FROM spans s WHERE ${inWindow(query, param)} AND ${spanFilters.join(" AND ")})`,
    );
  } else {
    // No span filter: any trace that overlaps the window.
    filters.push(`t.start_us <= ${param(query.endUs)}`, `t.end_us >= ${param(query.startUs)}`);
  }
  return filters;
}

const ORDER_KEYS: Record<Exclude<SearchOrder, "recent">, string> = {
  longest: "t.end_us - t.start_us",
  spans: "t.span_count",
  errors: "t.error_count",
};

/**
 * The matching traces ordered by duration, span count or errors, then newest first: every match in
 * the window is read and sorted, so this costs what the window holds, under the same time limit.
 * Sorted here, not in the browser: ordering only the newest results would hide the longest traces.
 */
function orderedSummaries(
  client: pg.PoolClient,
  query: SearchQuery,
  names: ResolvedNames,
  order: Exclude<SearchOrder, "recent">,
): Promise<TraceSummary[]> {
  return SUMMARIES.read(
    client,
    statement(
      (
        param,
      ) => `SELECT ${SUMMARY_COLUMNS} FROM traces t WHERE ${matchingTraces(query, names, param).join(" AND ")}
        ORDER BY ${ORDER_KEYS[order]} DESC, t.start_us DESC LIMIT ${param(query.limit)}`,
    ),
  );
}

/**
 * A service and more span filters. PostgreSQL multiplies the filters' selectivities as if they were
 * independent, but they are not (a rare duration or tag is rarer still in one service), and the
 * trace walk it then chooses visits every trace when there is no match (0.9 s at 1M spans). Instead,
 * the service's matching spans are read newest first from the (service_name, start_us) index, a few
 * hundred at a time, until the newest `limit` traces are certain: a trace none of whose spans was
 * read starts before the oldest span read, since a trace starts no later than any of its spans.
 */
async function readServiceSpans<T>(
  client: pg.PoolClient,
  query: SearchQuery,
  names: ResolvedNames,
  output: Output<T>,
): Promise<T[]> {
  for (let batch = Math.max(query.limit * 20, 200); ; batch *= 8) {
    const { rows: hits } = await client.query<{ trace_id: string; start_us: string }>(
      statement(
        (param) => `SELECT s.trace_id, s.start_us FROM spans s
          WHERE ${inWindow(query, param)} AND ${spanConditions(query, names, param).join(" AND ")}
          ORDER BY s.start_us DESC LIMIT ${param(batch)}`,
      ),
    );
    const traceIds = [...new Set(hits.map((hit) => hit.trace_id))];
    const traces = await output.read(
      client,
      statement((param) =>
        output.newest(
          [`t.trace_id = ANY(${param(traceIds)}::text[])`, ...traceConditions(query, param)],
          param(query.limit),
        ),
      ),
    );
    const allRead = hits.length < batch;
    const oldestRead = Number(hits.at(-1)?.start_us);
    const last = traces.at(-1);
    const lastStart = last === undefined ? Number.NEGATIVE_INFINITY : output.startUs(last);
    if (allRead || (traces.length === query.limit && lastStart >= oldestRead)) return traces;
  }
}

/** The stored spellings of the service and span names asked for; as asked when none is listed. */
export async function resolveNames(client: pg.PoolClient, query: SearchQuery): Promise<ResolvedNames> {
  const exact = {
    ...(query.serviceName !== undefined ? { services: [query.serviceName] } : {}),
    ...(query.spanName !== undefined ? { spanNames: [query.spanName] } : {}),
  };
  if (!query.ignoreCase || (query.serviceName === undefined && query.spanName === undefined)) return exact;
  const { rows } = await client.query<{ service_name: string; span_name: string }>(
    `SELECT DISTINCT service_name, span_name FROM service_operations
      WHERE ($1::text IS NULL OR lower(service_name) = lower($1))
        AND ($2::text IS NULL OR lower(span_name) = lower($2))`,
    [query.serviceName ?? null, query.spanName ?? null],
  );
  // A name past its cap (lib/db/save-spans.ts) is not listed, but its spans are stored as sent.
  if (rows.length === 0) return exact;
  return {
    ...(query.serviceName !== undefined
      ? { services: [...new Set(rows.map((row) => row.service_name))] }
      : {}),
    ...(query.spanName !== undefined ? { spanNames: [...new Set(rows.map((row) => row.span_name))] } : {}),
  };
}

const QUERY_CANCELED = "57014";

/** The statement timeout each search connection has, so that it is set once, not per search. */
const connectionTimeouts = new WeakMap<pg.PoolClient, number>();

/**
 * Runs `search` on a connection of the read pool, where PostgreSQL cancels any statement that runs
 * longer than `timeoutMs`: a 503 naming the setting.
 */
export async function withTimeout<T>(
  timeoutMs: number,
  search: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await db().readPool.connect();
  try {
    const timeout = Math.max(1, Math.round(timeoutMs));
    if (connectionTimeouts.get(client) !== timeout) {
      await client.query(`SET statement_timeout = ${timeout}`);
      connectionTimeouts.set(client, timeout);
    }
    return await search(client);
  } catch (error) {
    if ((error as { code?: string }).code === QUERY_CANCELED) {
      throw new RequestError(
        503,
        `the search took longer than ${timeoutMs} ms (TRACELIGHT_QUERY_TIMEOUT): narrow the time range or add filters`,
      );
    }
    throw error;
  } finally {
    client.release();
  }
}
