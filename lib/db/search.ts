import { RequestError } from "../errors";
import type { Span } from "../model/span";
import type { SearchQuery } from "../search/query";
import { filterTerm } from "../search/terms";
import { db } from "./pool";
import { fromRow, SPAN_ROW_COLUMNS, type SpanRowValues } from "./span-rows";

/**
 * The one trace search (lib/search/query.ts), for every API: the traces with a span that meets all
 * span filters in the window, and that meet the trace filters, newest first, each with all its spans.
 *
 * Every filter is a SQL parameter, never text in the statement. Service and span names that are to
 * match whatever their case are first resolved to the stored spellings through `service_operations`,
 * so the search itself compares exactly and the (service_name, start_us) index serves it. The
 * statement runs under `statement_timeout`: a search that would take longer is a 503 naming the cause.
 */
export async function searchTraces(query: SearchQuery, timeoutMs: number): Promise<Span[][]> {
  const names = await resolveNames(query);
  if (names === undefined) return [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const spanFilters = spanConditions(query, names, param);
  const traceFilters: string[] = [];
  if (spanFilters.length > 0) {
    traceFilters.push(
      `t.trace_id IN (SELECT s.trace_id FROM spans s WHERE s.start_us BETWEEN ${param(query.startUs)} AND ${param(query.endUs)} AND ${spanFilters.join(" AND ")})`,
    );
  } else {
    // No span filter: any trace that overlaps the window.
    traceFilters.push(`t.start_us <= ${param(query.endUs)}`, `t.end_us >= ${param(query.startUs)}`);
  }
  if (query.traceMinDurationUs !== undefined)
    traceFilters.push(`t.end_us - t.start_us >= ${param(query.traceMinDurationUs)}`);
  if (query.traceMaxDurationUs !== undefined)
    traceFilters.push(`t.end_us - t.start_us <= ${param(query.traceMaxDurationUs)}`);
  // One statement: the newest matching traces, then all their spans. No tie-breaker after start_us:
  // with one, PostgreSQL sorted every match instead of stopping at the limit (10x slower at 1M spans).
  const sql = `WITH found AS (
      SELECT t.trace_id, t.start_us FROM traces t WHERE ${traceFilters.join(" AND ")}
      ORDER BY t.start_us DESC LIMIT ${param(query.limit)})
    SELECT ${SPAN_ROW_COLUMNS} FROM found JOIN spans s ON s.trace_id = found.trace_id
    ORDER BY found.start_us DESC, s.trace_id, s.start_us, s.span_id`;
  const traces = new Map<string, Span[]>();
  for (const row of await withTimeout(timeoutMs, sql, params)) {
    const span = fromRow(row as SpanRowValues);
    const trace = traces.get(span.traceId);
    if (trace) trace.push(span);
    else traces.set(span.traceId, [span]);
  }
  return [...traces.values()];
}

interface ResolvedNames {
  services?: string[];
  spanNames?: string[];
}

/** The stored spellings of the service and span names asked for; undefined when none exists. */
async function resolveNames(query: SearchQuery): Promise<ResolvedNames | undefined> {
  if (!query.ignoreCase || (query.serviceName === undefined && query.spanName === undefined)) {
    return {
      ...(query.serviceName !== undefined ? { services: [query.serviceName] } : {}),
      ...(query.spanName !== undefined ? { spanNames: [query.spanName] } : {}),
    };
  }
  const { rows } = await db().pool.query<{ service_name: string; span_name: string }>(
    `SELECT DISTINCT service_name, span_name FROM service_operations
      WHERE ($1::text IS NULL OR lower(service_name) = lower($1))
        AND ($2::text IS NULL OR lower(span_name) = lower($2))`,
    [query.serviceName ?? null, query.spanName ?? null],
  );
  if (rows.length === 0) return undefined;
  return {
    ...(query.serviceName !== undefined
      ? { services: [...new Set(rows.map((row) => row.service_name))] }
      : {}),
    ...(query.spanName !== undefined ? { spanNames: [...new Set(rows.map((row) => row.span_name))] } : {}),
  };
}

/** The conditions one span of the trace must meet, on the spans table aliased `s`. */
function spanConditions(
  query: SearchQuery,
  names: ResolvedNames,
  param: (value: unknown) => string,
): string[] {
  const conditions: string[] = [];
  if (names.services) conditions.push(`s.service_name = ANY(${param(names.services)})`);
  if (names.spanNames) conditions.push(`s.name = ANY(${param(names.spanNames)})`);
  if (query.remoteServiceName !== undefined) {
    conditions.push(
      query.ignoreCase
        ? `lower(s.remote_service_name) = lower(${param(query.remoteServiceName)})`
        : `s.remote_service_name = ${param(query.remoteServiceName)}`,
    );
  }
  const terms: string[] = [];
  for (const tag of query.tags) {
    const term = filterTerm(tag);
    if (term !== undefined) terms.push(term);
    else conditions.push(longValueCondition(tag.key, tag.value as string, param));
  }
  if (terms.length > 0) conditions.push(`s.search_terms @> ${param(terms)}::text[]`);
  if (query.minDurationUs !== undefined) conditions.push(`s.duration_us >= ${param(query.minDurationUs)}`);
  if (query.maxDurationUs !== undefined) conditions.push(`s.duration_us <= ${param(query.maxDurationUs)}`);
  if (query.error === true) conditions.push(`s.status_code = 'ERROR'`);
  if (query.httpStatus !== undefined) conditions.push(`s.http_status = ${param(query.httpStatus)}`);
  return conditions;
}

/**
 * A `key=value` too long to be a stored term (MAX_TERM_LENGTH): the key's term narrows the spans
 * through the index, then the value is compared in the JSON of the places a tag can be.
 */
function longValueCondition(key: string, value: string, param: (value: unknown) => string): string {
  const k = param(key);
  const v = param(value);
  return `(s.search_terms @> ARRAY[${k}]::text[] AND (s.attributes ->> ${k} = ${v} OR s.resource ->> ${k} = ${v}
    OR EXISTS (SELECT 1 FROM jsonb_array_elements(coalesce(s.events, '[]')) e WHERE e -> 'attributes' ->> ${k} = ${v})))`;
}

const QUERY_CANCELED = "57014";

async function withTimeout(
  timeoutMs: number,
  sql: string,
  params: unknown[],
): Promise<Record<string, unknown>[]> {
  const client = await db().pool.connect();
  try {
    await client.query("BEGIN READ ONLY");
    await client.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.round(timeoutMs))}`);
    const { rows } = await client.query(sql, params);
    await client.query("COMMIT");
    return rows;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
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
