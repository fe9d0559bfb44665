import type pg from "pg";
import type { ValueCounts } from "../diff/attribute-diff";
import type { AttributeDiffQuery, DiffSelection } from "../search/attribute-diff-params";
import { matchingTraces, resolveNames, withTimeout } from "./search";
import { inWindow, type Param, spanConditions, statement, traceConditions } from "./search-sql";

/**
 * The counts behind `GET /api/attribute-diff` (lib/diff/attribute-diff.ts ranks them), in two
 * statements on the read pool under the search's timeout:
 *
 * 1. the population: the traces the search's filters match (or, scope=span, the matching spans of
 *    the operation), each marked selected or not, with their number in all. Past DIFF_SAMPLE (2,000
 *    traces, each of about ten spans, or 10,000 spans) an even sample of them: ordered by a hash of the id, which spreads over time, services and
 *    durations alike and answers the same sample for the same population.
 * 2. per attribute value, how many selected and baseline traces (or spans) carry it, counted in
 *    SQL: grouping there ships a few thousand rows to Node instead of every span's JSON.
 *
 * Values: span attributes and resource attributes (strings, numbers, booleans; arrays and maps are
 * left out), the service's name as the resource's `service.name`, and the intrinsics name, kind,
 * status, http.status and peer.service. Numbers count by their power-of-two bucket's lower bound
 * (the same as lib/diff's bucketFloor). A key with more than MAX_KEY_VALUES values in the population
 * is an id or a free text and is not shipped.
 */
/**
 * What one diff reads at most: counting a span's values costs about 20 µs (jsonb_each), so 2,000
 * traces of ten spans answer well within a second at 1M stored spans (BENCHMARKS.md). A fraction
 * of 2,000 is known to ±2.2 points (95%), closer than any difference worth ranking.
 */
export const DIFF_SAMPLE = { trace: 2_000, span: 10_000 } as const;
/** Room to count the values of a sample in memory: past 4 MB they spilled to disk. */
const WORK_MEM = "64MB";
const MAX_KEY_VALUES = 1000;

export interface AttributeDiffCounts {
  populationCount: number;
  selectionCount: number;
  baselineCount: number;
  rows: ValueCounts[];
}

interface Unit {
  trace_id: string;
  span_id: string;
  shared: boolean;
  start_us: string;
  end_us: string;
  selected: boolean;
  total: string;
}

export function readAttributeDiffCounts(
  query: AttributeDiffQuery,
  timeoutMs: number,
): Promise<AttributeDiffCounts> {
  return withTimeout(timeoutMs, async (client) => {
    const { rows: units } = await client.query<Unit>(
      query.scope === "trace" ? await traceUnits(client, query) : spanUnits(query),
    );
    const selectionCount = units.filter((unit) => unit.selected).length;
    const counts = {
      populationCount: Number(units[0]?.total ?? 0),
      selectionCount,
      baselineCount: units.length - selectionCount,
    };
    if (units.length === 0) return { ...counts, rows: [] };
    await client.query("BEGIN READ ONLY");
    try {
      await client.query(`SET LOCAL work_mem = '${WORK_MEM}'`);
      const { rows } = await client.query<ValueCounts>(valueCounts(query.scope, units));
      return { ...counts, rows };
    } finally {
      // Ends the transaction whether or not the statement ran (a cancelled one leaves it aborted).
      await client.query("ROLLBACK");
    }
  });
}

async function traceUnits(client: pg.PoolClient, { population, selection }: AttributeDiffQuery) {
  const names = await resolveNames(client, population);
  return statement(
    (param) => `SELECT t.trace_id, t.start_us, t.end_us, ${traceSelected(selection, param)} AS selected,
        count(*) OVER () AS total
      FROM traces t WHERE ${matchingTraces(population, names, param).join(" AND ")}
      ORDER BY hashtext(t.trace_id), t.trace_id LIMIT ${DIFF_SAMPLE.trace}`,
  );
}

function spanUnits({ population, selection }: AttributeDiffQuery) {
  const names = {
    ...(population.serviceName !== undefined ? { services: [population.serviceName] } : {}),
    ...(population.spanName !== undefined ? { spanNames: [population.spanName] } : {}),
  };
  return statement((param) => {
    const traceFilters = traceConditions(population, param);
    const filters = [inWindow(population, param), ...spanConditions(population, names, param)];
    if (traceFilters.length > 0) {
      filters.push(
        `EXISTS (SELECT 1 FROM traces t WHERE t.trace_id = s.trace_id AND ${traceFilters.join(" AND ")})`,
      );
    }
    return `SELECT s.trace_id, s.span_id, s.shared, s.start_us, ${spanSelected(selection, param)} AS selected,
        count(*) OVER () AS total
      FROM spans s WHERE ${filters.join(" AND ")}
      ORDER BY hashtext(s.trace_id || s.span_id), s.trace_id, s.span_id LIMIT ${DIFF_SAMPLE.span}`;
  });
}

function traceSelected(selection: DiffSelection, param: Param): string {
  if ("slowerThanUs" in selection) return `(t.end_us - t.start_us > ${param(selection.slowerThanUs)})`;
  if ("errors" in selection) return "(t.error_count > 0)";
  return `(t.trace_id = ANY(${param(selection.traceIds)}::text[]))`;
}

function spanSelected(selection: DiffSelection, param: Param): string {
  if ("slowerThanUs" in selection) return `(s.duration_us > ${param(selection.slowerThanUs)})`;
  if ("errors" in selection) return "(s.status_code = 'ERROR')";
  return `(s.trace_id = ANY(${param(selection.traceIds)}::text[]))`;
}

/** A jsonb number's power-of-two bucket, as lib/diff's bucketFloor; numeric, since jsonb numbers may overflow float8. */
const BUCKET = `CASE WHEN (v.value)::numeric = 0 THEN 0
  ELSE sign((v.value)::numeric) * power(2::numeric, floor(log(2, abs((v.value)::numeric)))) END`;

const jsonValues = (source: string, column: string) => `SELECT '${source}' AS source, v.key,
    CASE jsonb_typeof(v.value) WHEN 'number' THEN (${BUCKET})::text ELSE v.value #>> '{}' END AS value,
    jsonb_typeof(v.value) = 'number' AS numeric
  FROM jsonb_each(coalesce(${column}, '{}')) v WHERE jsonb_typeof(v.value) IN ('string', 'number', 'boolean')`;

/** Every value one span carries, as (source, key, value, numeric). */
const SPAN_VALUES = `${jsonValues("span", "s.attributes")}
  UNION ALL ${jsonValues("resource", "s.resource")}
  UNION ALL SELECT 'resource', 'service.name', s.service_name, false
  UNION ALL SELECT 'intrinsic', 'name', s.name, false
  UNION ALL SELECT 'intrinsic', 'kind', s.kind, false
  UNION ALL SELECT 'intrinsic', 'status', s.status_code, false
  UNION ALL SELECT 'intrinsic', 'http.status', s.http_status::text, false WHERE s.http_status IS NOT NULL
  UNION ALL SELECT 'intrinsic', 'peer.service', s.remote_service_name, false WHERE s.remote_service_name IS NOT NULL`;

/**
 * Per value, the selected and baseline units carrying it. A trace carries a value once however many
 * of its spans do (DISTINCT, on the trace's ordinal: hashing the text ids instead tripled the time,
 * BENCHMARKS.md); its spans are looked up by id and within its own time span, so that
 * only the daily partitions it lies in are read.
 */
function valueCounts(scope: AttributeDiffQuery["scope"], units: Unit[]): pg.QueryConfig {
  return statement((param) => {
    const carried =
      scope === "trace"
        ? `SELECT DISTINCT p.unit, p.selected, v.source, v.key, v.value, v.numeric
          FROM unnest(${param(units.map((u) => u.trace_id))}::text[], ${param(units.map((u) => u.selected))}::bool[],
            ${param(units.map((u) => u.start_us))}::bigint[], ${param(units.map((u) => u.end_us))}::bigint[])
            WITH ORDINALITY AS p(trace_id, selected, start_us, end_us, unit)
          JOIN spans s ON s.trace_id = p.trace_id AND s.start_us BETWEEN p.start_us AND p.end_us
          CROSS JOIN LATERAL (${SPAN_VALUES}) v`
        : `SELECT p.selected, v.source, v.key, v.value, v.numeric
          FROM unnest(${param(units.map((u) => u.trace_id))}::text[], ${param(units.map((u) => u.span_id))}::text[],
            ${param(units.map((u) => u.shared))}::bool[], ${param(units.map((u) => u.start_us))}::bigint[],
            ${param(units.map((u) => u.selected))}::bool[]) AS p(trace_id, span_id, shared, start_us, selected)
          JOIN spans s ON s.trace_id = p.trace_id AND s.span_id = p.span_id AND s.shared = p.shared
            AND s.start_us = p.start_us
          CROSS JOIN LATERAL (${SPAN_VALUES}) v`;
    return `SELECT source, key, value, numeric, selection, baseline FROM (
        SELECT source, key, value, numeric, count(*) FILTER (WHERE selected)::int AS selection,
          count(*) FILTER (WHERE NOT selected)::int AS baseline, count(*) OVER (PARTITION BY source, key) AS key_values
        FROM (${carried}) carried GROUP BY source, key, value, numeric) counted
      WHERE key_values <= ${MAX_KEY_VALUES}`;
  });
}
