import type pg from "pg";
import type { SearchQuery } from "../search/query";
import { filterTerm } from "../search/terms";

/**
 * The SQL of the search's filters (lib/db/search.ts), every value a parameter: `param` adds one and
 * answers its placeholder. Span conditions are on `spans s`, trace conditions on `traces t`.
 */
export type Param = (value: unknown) => string;

/** A statement whose text refers to its values as `$1`, `$2`… in the order `param` was called. */
export function statement(build: (param: Param) => string): pg.QueryConfig {
  const values: unknown[] = [];
  const text = build((value) => {
    values.push(value);
    return `$${values.length}`;
  });
  return { text, values };
}

/** The stored spellings of the service and span names a query asked for (case-insensitive search). */
export interface ResolvedNames {
  services?: string[];
  spanNames?: string[];
}

/** The matching span starts in the query's window. */
export function inWindow(query: SearchQuery, param: Param): string {
  return `s.start_us BETWEEN ${param(query.startUs)} AND ${param(query.endUs)}`;
}

/** The whole-trace filters, on the traces table aliased `t`: an excluded tag is one, on all its spans. */
export function traceConditions(query: SearchQuery, param: Param): string[] {
  const conditions: string[] = [];
  if (query.traceMinDurationUs !== undefined)
    conditions.push(`t.end_us - t.start_us >= ${param(query.traceMinDurationUs)}`);
  if (query.traceMaxDurationUs !== undefined)
    conditions.push(`t.end_us - t.start_us <= ${param(query.traceMaxDurationUs)}`);
  if (query.error !== undefined) conditions.push(query.error ? "t.error_count > 0" : "t.error_count = 0");
  for (const tag of query.tags) {
    if (!tag.exclude) continue;
    const term = filterTerm(tag);
    const carries =
      term !== undefined
        ? `s.search_terms @> ARRAY[${param(term)}]::text[]`
        : longValueCondition(tag.key, tag.value as string, param);
    conditions.push(`NOT EXISTS (SELECT 1 FROM spans s WHERE s.trace_id = t.trace_id AND ${carries})`);
  }
  return conditions;
}

/** The conditions one span of the trace must meet, on the spans table aliased `s`. */
export function spanConditions(query: SearchQuery, names: ResolvedNames, param: Param): string[] {
  const conditions: string[] = [];
  if (names.services) conditions.push(oneOf("s.service_name", names.services, param));
  if (names.spanNames) conditions.push(oneOf("s.name", names.spanNames, param));
  if (query.remoteServiceName !== undefined) {
    conditions.push(
      query.ignoreCase
        ? `lower(s.remote_service_name) = lower(${param(query.remoteServiceName)})`
        : `s.remote_service_name = ${param(query.remoteServiceName)}`,
    );
  }
  const terms: string[] = [];
  for (const tag of query.tags) {
    if (tag.exclude) continue; // a trace condition (traceConditions)
    const term = filterTerm(tag);
    if (term !== undefined) terms.push(term);
    else conditions.push(longValueCondition(tag.key, tag.value as string, param));
  }
  if (terms.length > 0) conditions.push(`s.search_terms @> ${param(terms)}::text[]`);
  if (query.minDurationUs !== undefined) conditions.push(`s.duration_us >= ${param(query.minDurationUs)}`);
  if (query.maxDurationUs !== undefined) conditions.push(`s.duration_us <= ${param(query.maxDurationUs)}`);
  if (query.httpStatus !== undefined) {
    const { min, max } = query.httpStatus;
    conditions.push(
      min === max ? `s.http_status = ${param(min)}` : `s.http_status BETWEEN ${param(min)} AND ${param(max)}`,
    );
  }
  return conditions;
}

/**
 * `column = value`, or `= ANY(values)` for several spellings of one name: PostgreSQL 15 reads an
 * index in order under `=` only, and the search reads the (service_name, start_us) index newest first.
 */
function oneOf(column: string, values: string[], param: Param): string {
  return values.length === 1 ? `${column} = ${param(values[0])}` : `${column} = ANY(${param(values)})`;
}

/**
 * A `key=value` too long to be a stored term (MAX_TERM_LENGTH): the key's term narrows the spans
 * through the index, then the value is compared in the JSON of the places a tag can be.
 */
function longValueCondition(key: string, value: string, param: Param): string {
  const k = param(key);
  const v = param(value);
  return `(s.search_terms @> ARRAY[${k}]::text[] AND (s.attributes ->> ${k} = ${v} OR s.resource ->> ${k} = ${v}
    OR EXISTS (SELECT 1 FROM jsonb_array_elements(coalesce(s.events, '[]')) e WHERE e -> 'attributes' ->> ${k} = ${v})))`;
}
