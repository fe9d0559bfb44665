import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { SPAN_COLUMNS } from "./copy-text";
import { db } from "./pool";
import type { SpanBatch, SummaryRows } from "./span-batch";

/**
 * Stores the spans of one request in one transaction, all or none, and resolves only after the
 * commit. A span is identified by (trace_id, span_id, shared, start_us); one already stored is
 * skipped and counted nowhere, so a re-sent batch changes nothing.
 *
 *   COPY spans ──ok──────────────────────────────┐
 *        │ unique violation: some spans exist    ├─► traces (upsert the deltas of the new spans)
 *        └─► COPY staging → INSERT … ON CONFLICT ┘   service_operations (insert if new)
 *            DO NOTHING RETURNING the new keys       operation_latency (add the new spans' counts)
 *
 * Re-sent spans are rare, so the common case pays only for COPY, the cheapest write PostgreSQL has;
 * a batch holding a known span (or one span twice) starts its transaction over on the slower path,
 * which asks `summariesOf` for the summary rows of the spans it did store. Summary rows are written
 * in key order, so concurrent requests lock them in the same order. The rows arrive prepared
 * (lib/db/span-batch.ts): this module only talks to the database. Its errors are the driver's, for
 * the caller to classify (lib/db/failures.ts).
 */
const RETRYABLE = new Set(["40P01", "40001"]); // deadlock, serialization failure
const UNIQUE_VIOLATION = "23505";
const COPY_SPANS = `COPY spans (${SPAN_COLUMNS.join(", ")}) FROM STDIN`;

export interface SaveOptions {
  /** How long after these spans their traces' dependency links are derived (lib/db/links.ts). */
  linkDelayUs: number;
  /** The summary rows of the spans with these storage keys (lib/db/span-batch.ts), each key once. */
  summariesOf(keys: string[]): Promise<SummaryRows>;
}

export async function saveSpanBatch(batch: SpanBatch, options: SaveOptions): Promise<{ stored: number }> {
  if (batch.spanCount === 0) return { stored: 0 };
  for (let attempt = 1; ; attempt++) {
    try {
      return await saveOnce(batch, options);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= 3 || !code || !RETRYABLE.has(code)) throw error;
    }
  }
}

async function saveOnce(batch: SpanBatch, options: SaveOptions): Promise<{ stored: number }> {
  const client = await db().pool.connect();
  try {
    await client.query("BEGIN");
    let stored = batch.spanCount;
    let summaries = batch.summaries;
    try {
      await copyInto(client, COPY_SPANS, batch.copyRows);
    } catch (error) {
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
      // Start over rather than from a savepoint: rows written in a subtransaction cost every later
      // reader a pg_subtrans lookup until their hint bits are set.
      await client.query("ROLLBACK; BEGIN");
      const keys = await insertNewOnly(client, batch.copyRows);
      stored = keys.length;
      summaries = await options.summariesOf(keys);
    }
    if (stored > 0) await saveSummaries(client, summaries, options.linkDelayUs);
    await client.query("COMMIT");
    return { stored };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * The slow path, for a batch holding spans already stored or the same span twice: stage everything,
 * insert what is new, and answer the storage keys of what was inserted (lib/db/span-batch.ts).
 */
async function insertNewOnly(client: pg.PoolClient, copyRows: Uint8Array): Promise<string[]> {
  await client.query("CREATE TEMP TABLE IF NOT EXISTS staged_spans (LIKE spans) ON COMMIT DELETE ROWS");
  await copyInto(client, `COPY staged_spans (${SPAN_COLUMNS.join(", ")}) FROM STDIN`, copyRows);
  const { rows } = await client.query<{
    trace_id: string;
    span_id: string;
    shared: boolean;
    start_us: string;
  }>(
    `INSERT INTO spans SELECT * FROM staged_spans ORDER BY trace_id, span_id, shared, start_us
     ON CONFLICT DO NOTHING RETURNING trace_id, span_id, shared, start_us`,
  );
  return rows.map((row) => `${row.trace_id}/${row.span_id}/${row.shared}/${row.start_us}`);
}

async function saveSummaries(client: pg.PoolClient, rows: SummaryRows, linkDelayUs: number): Promise<void> {
  await client.query(SAVE_SUMMARIES, [
    rows.traces,
    rows.operations,
    rows.remoteServices,
    rows.autocomplete,
    rows.latency,
    Date.now() * 1000 + linkDelayUs,
  ]);
}

function copyInto(client: pg.PoolClient, sql: string, rows: Uint8Array): Promise<void> {
  // A batch from a decode worker arrives as a plain Uint8Array: wrap it, don't copy it.
  const bytes = Buffer.from(rows.buffer, rows.byteOffset, rows.byteLength);
  return pipeline(Readable.from([bytes]), client.query(copyFrom(sql)));
}

/**
 * $1: the trace deltas (lib/db/trace-deltas.ts); $2: [service, span name, kind]; $3: [service,
 * remote service]; $4: [tag key, value] for autocompletion; $5: [service, span name, hour, bucket,
 * count, errors] for the latency histograms; $6: when the traces' links are due (lib/db/links.ts).
 */
const SAVE_SUMMARIES = `
WITH summaries AS (
INSERT INTO traces AS t (trace_id, start_us, end_us, span_count, error_count, service_counts,
  root_span_id, root_service, root_name, root_start_us, root_parentless, root_http_status)
SELECT * FROM json_to_recordset($1::json) AS d(trace_id text, start_us bigint, end_us bigint,
  span_count int, error_count int, service_counts jsonb, root_span_id text, root_service text,
  root_name text, root_start_us bigint, root_parentless boolean, root_http_status smallint)
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
), operations AS (
INSERT INTO service_operations (service_name, span_name, span_kind)
SELECT value->>0, value->>1, value->>2 FROM json_array_elements($2::json)
ON CONFLICT DO NOTHING
), remote AS (
INSERT INTO remote_services (service_name, remote_service_name)
SELECT value->>0, value->>1 FROM json_array_elements($3::json)
ON CONFLICT DO NOTHING
), latency AS (
INSERT INTO operation_latency AS l (service_name, span_name, hour_us, bucket, count, errors)
SELECT value->>0, value->>1, (value->>2)::bigint, (value->>3)::smallint, (value->>4)::int, (value->>5)::int
FROM json_array_elements($5::json)
ON CONFLICT (service_name, span_name, hour_us, bucket)
DO UPDATE SET count = l.count + excluded.count, errors = l.errors + excluded.errors
), queued AS (
INSERT INTO link_queue (trace_id, due_us)
SELECT d.trace_id, $6 FROM json_to_recordset($1::json) AS d(trace_id text)
ON CONFLICT (trace_id) DO UPDATE SET due_us = excluded.due_us
)
INSERT INTO autocomplete_values (key, value)
SELECT value->>0, value->>1 FROM json_array_elements($4::json)
ON CONFLICT DO NOTHING`;
