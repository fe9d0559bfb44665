import { badRequest } from "../errors";
import type { Span } from "../model/span";
import { db } from "./pool";
import { toInputRow } from "./span-rows";

/**
 * One statement stores a chunk of spans and keeps every summary in step with exactly the spans that
 * were new: a re-sent span conflicts on the key, is skipped, and so is counted nowhere.
 *
 *   input ──► inserted (spans, ON CONFLICT DO NOTHING) ──┬─► traces            (upsert, counts added)
 *                                                        └─► service_operations (insert if new)
 *
 * The rows travel as one JSON document (json_to_recordset): one parameter, parsed once by the server,
 * no per-row statements. Rows are sorted by key before each insert so concurrent requests take their
 * locks in the same order and cannot deadlock one another.
 */
const SAVE_SQL = `
WITH input AS (
  SELECT * FROM json_to_recordset($1::json) AS t(
    trace_id text, span_id text, shared boolean, parent_span_id text, name text, kind text,
    service_name text, remote_service_name text, start_us bigint, duration_us bigint,
    status_code text, status_message text, http_status smallint, attributes jsonb, resource jsonb,
    events jsonb, links jsonb, scope jsonb, debug boolean, warnings jsonb)
),
inserted AS (
  INSERT INTO spans (trace_id, span_id, shared, parent_span_id, name, kind, service_name,
    remote_service_name, start_us, duration_us, status_code, status_message, http_status,
    attributes, resource, events, links, scope, debug, warnings)
  SELECT trace_id, span_id, shared, parent_span_id, name, kind, service_name,
    remote_service_name, start_us, duration_us, status_code, status_message, http_status,
    attributes, resource, events, links, scope, debug, warnings
  FROM input ORDER BY trace_id, span_id, shared, start_us
  ON CONFLICT DO NOTHING
  RETURNING trace_id, span_id, parent_span_id, name, kind, service_name, start_us, duration_us,
    status_code, http_status
),
totals AS (
  SELECT trace_id, min(start_us) AS start_us, max(start_us + duration_us) AS end_us,
    count(*)::int AS span_count, (count(*) FILTER (WHERE status_code = 'ERROR'))::int AS error_count
  FROM inserted GROUP BY trace_id
),
service_counts AS (
  SELECT trace_id, jsonb_object_agg(service_name, n) AS counts
  FROM (SELECT trace_id, service_name, count(*) AS n FROM inserted GROUP BY 1, 2) per_service
  GROUP BY trace_id
),
roots AS (
  SELECT DISTINCT ON (trace_id) trace_id, span_id, service_name, name, start_us,
    parent_span_id IS NULL AS parentless, http_status
  FROM inserted ORDER BY trace_id, parent_span_id IS NOT NULL, start_us
),
summaries AS (
  INSERT INTO traces AS t (trace_id, start_us, end_us, span_count, error_count, service_counts,
    root_span_id, root_service, root_name, root_start_us, root_parentless, root_http_status)
  SELECT totals.trace_id, totals.start_us, totals.end_us, totals.span_count, totals.error_count,
    service_counts.counts, roots.span_id, roots.service_name, roots.name, roots.start_us,
    roots.parentless, roots.http_status
  FROM totals JOIN service_counts USING (trace_id) JOIN roots USING (trace_id)
  ORDER BY totals.trace_id
  ON CONFLICT (trace_id) DO UPDATE SET
    start_us = least(t.start_us, excluded.start_us),
    end_us = greatest(t.end_us, excluded.end_us),
    span_count = t.span_count + excluded.span_count,
    error_count = t.error_count + excluded.error_count,
    service_counts = (
      SELECT jsonb_object_agg(key, total) FROM (
        SELECT key, sum(value::int) AS total FROM (
          SELECT * FROM jsonb_each_text(t.service_counts)
          UNION ALL SELECT * FROM jsonb_each_text(excluded.service_counts)) both_counts
        GROUP BY key) merged),
    -- The better root candidate wins: a parentless span over a child, then the earlier one.
    (root_span_id, root_service, root_name, root_start_us, root_parentless, root_http_status) = (
      SELECT * FROM (VALUES
        (t.root_span_id, t.root_service, t.root_name, t.root_start_us, t.root_parentless, t.root_http_status),
        (excluded.root_span_id, excluded.root_service, excluded.root_name, excluded.root_start_us,
         excluded.root_parentless, excluded.root_http_status)
      ) AS candidate(span_id, service, name, start_us, parentless, http_status)
      ORDER BY NOT candidate.parentless, candidate.start_us LIMIT 1)
),
operations AS (
  INSERT INTO service_operations (service_name, span_name, span_kind)
  SELECT DISTINCT service_name, name, kind FROM inserted ORDER BY 1, 2, 3
  ON CONFLICT DO NOTHING
)
SELECT count(*)::int AS stored FROM inserted`;

// Bounds the size of one JSON parameter; a request larger than this is still one transaction.
const CHUNK_SPANS = 5_000;
const DEADLOCK_OR_SERIALIZATION = new Set(["40P01", "40001"]);

/**
 * Stores the spans of one request in one transaction: all of them or none. Resolves only after the
 * commit, with how many were new (duplicates of stored spans are not).
 */
export async function saveSpans(spans: Span[]): Promise<{ stored: number }> {
  if (spans.length === 0) return { stored: 0 };
  for (let attempt = 1; ; attempt++) {
    try {
      return await saveOnce(spans);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= 3 || !code || !DEADLOCK_OR_SERIALIZATION.has(code)) throw error;
    }
  }
}

async function saveOnce(spans: Span[]): Promise<{ stored: number }> {
  const client = await db().pool.connect();
  try {
    await client.query("BEGIN");
    let stored = 0;
    for (let from = 0; from < spans.length; from += CHUNK_SPANS) {
      const rows = spans.slice(from, from + CHUNK_SPANS).map(toInputRow);
      const result = await client.query<{ stored: number }>(SAVE_SQL, [JSON.stringify(rows)]);
      stored += result.rows[0]?.stored ?? 0;
    }
    await client.query("COMMIT");
    return { stored };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw asRequestError(error);
  } finally {
    client.release();
  }
}

/**
 * Values a decoder let through but PostgreSQL cannot store (a NUL character in text or JSON, a
 * number out of range) are the sender's problem: a 400 naming the database's reason, not a 500.
 */
function asRequestError(error: unknown): unknown {
  const code = (error as { code?: string }).code ?? "";
  if (code.startsWith("22") || code === "23502") {
    return badRequest(`a span holds a value PostgreSQL cannot store: ${(error as Error).message}`);
  }
  return error;
}
