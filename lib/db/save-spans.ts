import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { OVERFLOW_NAME } from "../api/service-metrics";
import { type CappedNames, type CardinalityCaps, cardinalityCaps, recordCapped } from "./cardinality";
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
 *        └─► COPY staging → INSERT … ON CONFLICT ┘   services, operations (insert if new, up to caps)
 *            DO NOTHING RETURNING the new keys       operation_counts_log (append the new spans' counts)
 *
 * Re-sent spans are rare, so the common case pays only for COPY, the cheapest write PostgreSQL has;
 * a batch holding a known span (or one span twice) starts its transaction over on the slower path,
 * which asks `summariesOf` for the summary rows of the spans it did store. Summary rows are written
 * in key order, so concurrent requests lock them in the same order. The rows arrive prepared
 * (lib/db/span-batch.ts): this module only talks to the database. Its errors are the driver's, for
 * the caller to classify (lib/db/failures.ts).
 */
// Deadlock and serialization failure; and a row routed to spans_default while maintenance attached
// the day's partition that now holds its range (lib/db/partitions.ts): on a retry it goes there.
const RETRYABLE = new Set(["40P01", "40001", "23514"]);
const UNIQUE_VIOLATION = "23505";
const COPY_SPANS = `COPY spans (${SPAN_COLUMNS.join(", ")}) FROM STDIN`;

export interface SaveOptions {
  /** How long after these spans their traces' dependency links are derived (lib/db/links.ts). */
  linkDelayUs: number;
  /** The summary rows of the spans with these storage keys (lib/db/span-batch.ts), each key once. */
  summariesOf(keys: string[]): Promise<SummaryRows>;
  /** The caps on names; the configuration's (lib/db/cardinality.ts) unless given. */
  caps?: CardinalityCaps;
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
    if (stored > 0) await saveSummaries(client, summaries, options);
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

/**
 * The summary rows, under the caps: what the caps left out is counted in /metrics (and logged at
 * most once a minute) as soon as the statement has run, a commit failing after it being rare.
 */
async function saveSummaries(
  client: pg.PoolClient,
  rows: SummaryRows,
  { linkDelayUs, caps = cardinalityCaps() }: SaveOptions,
): Promise<void> {
  const { rows: capped } = await client.query<CappedNames>(SAVE_SUMMARIES, [
    rows.traces,
    rows.operations,
    rows.remoteServices,
    rows.autocomplete,
    rows.latency,
    Date.now() * 1000 + linkDelayUs,
    caps.services,
    caps.operationsPerService,
    caps.autocompleteValues,
    OVERFLOW_NAME,
  ]);
  if (capped[0]) recordCapped(capped[0]);
}

function copyInto(client: pg.PoolClient, sql: string, rows: Uint8Array): Promise<void> {
  // A batch from a decode worker arrives as a plain Uint8Array: wrap it, don't copy it.
  const bytes = Buffer.from(rows.buffer, rows.byteOffset, rows.byteLength);
  return pipeline(Readable.from([bytes]), client.query(copyFrom(sql)));
}

/**
 * $1: the trace deltas (lib/db/trace-deltas.ts); $2: [service, span name, kind]; $3: [service,
 * remote service]; $4: [tag key, value] for autocompletion; $5: [service, span name, kind, minute,
 * bucket, count, errors] for the latency histograms (lib/db/fold-counts.ts); $6: when the traces' links are due (lib/db/links.ts);
 * $7, $8, $9: the caps on services, on operations (and remote services) per service, and on values
 * per autocomplete key; $10: the overflow name (OVERFLOW_NAME).
 *
 * Under the caps: a name already listed costs one index probe, as the plain insert did. Only new
 * names are counted against their cap, by an index scan of at most a cap's rows, once per statement
 * (services) or once per service or key that brings new names; the first new ones in name order fill
 * the room left. Two requests bringing new names at once both see the room before either commits,
 * so a list may overshoot its cap by what concurrent requests add (a few names, in practice).
 *
 *   span's service listed?  ── no ──► latency to (other services, other operations)
 *        │ yes
 *   span's operation listed? ── no ──► latency to (its service, other operations)
 *        │ yes
 *   latency to (service, operation)
 *
 * A service or operation is listed once it is in the table, whether this statement put it there or
 * a concurrent one did (ON CONFLICT DO UPDATE returns the row either way). What was left out is
 * answered as one row of counts (CappedNames, lib/db/cardinality.ts).
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
), operation_in AS (
SELECT value->>0 AS service, value->>1 AS name, value->>2 AS kind,
  EXISTS (SELECT 1 FROM service_operations o
          WHERE o.service_name = value->>0 AND o.span_name = value->>1 AND o.span_kind = value->>2) AS known
FROM json_array_elements($2::json)
), service_in AS (
-- The services of new operations; a listed operation's service is listed.
SELECT service, EXISTS (SELECT 1 FROM services s WHERE s.service_name = n.service) AS known
FROM (SELECT DISTINCT service FROM operation_in WHERE NOT known) n
), new_services AS (
INSERT INTO services AS s (service_name)
SELECT service FROM (
  SELECT service, row_number() OVER (ORDER BY service) AS n FROM service_in WHERE NOT known) ranked
WHERE n <= $7 - (SELECT count(*) FROM services)
ORDER BY service
ON CONFLICT (service_name) DO UPDATE SET service_name = excluded.service_name
RETURNING service_name
), listed_services AS (
SELECT service FROM service_in WHERE known
UNION ALL SELECT service_name FROM new_services
), operation_new AS (
SELECT o.service, o.name, o.kind, row_number() OVER (PARTITION BY o.service ORDER BY o.name, o.kind) AS n
FROM operation_in o JOIN listed_services USING (service)
WHERE NOT o.known
), operation_room AS (
SELECT service, $8 - (SELECT count(*) FROM service_operations o WHERE o.service_name = d.service) AS room
FROM (SELECT DISTINCT service FROM operation_new) d
), new_operations AS (
INSERT INTO service_operations (service_name, span_name, span_kind)
SELECT o.service, o.name, o.kind FROM operation_new o JOIN operation_room r USING (service)
WHERE o.n <= r.room
ORDER BY 1, 2, 3
ON CONFLICT (service_name, span_name, span_kind) DO UPDATE SET span_kind = excluded.span_kind
RETURNING service_name, span_name
), listed_operations AS (
SELECT service, name FROM operation_in WHERE known
UNION SELECT service_name, span_name FROM new_operations
), remote_new AS (
SELECT value->>0 AS service, value->>1 AS remote,
  row_number() OVER (PARTITION BY value->>0 ORDER BY value->>1) AS n
FROM json_array_elements($3::json) r
WHERE NOT EXISTS (SELECT 1 FROM remote_services o
                  WHERE o.service_name = r.value->>0 AND o.remote_service_name = r.value->>1)
), remote_room AS (
-- Only listed services keep remote services: a service past its cap has no list to show them in.
SELECT service, $8 - (SELECT count(*) FROM remote_services o WHERE o.service_name = d.service) AS room
FROM (SELECT DISTINCT service FROM remote_new) d
WHERE EXISTS (SELECT 1 FROM services s WHERE s.service_name = d.service)
   OR service IN (SELECT service_name FROM new_services)
), new_remote AS (
INSERT INTO remote_services (service_name, remote_service_name)
SELECT n.service, n.remote FROM remote_new n JOIN remote_room r USING (service) WHERE n.n <= r.room
ORDER BY 1, 2
ON CONFLICT DO NOTHING
RETURNING 1
), value_new AS (
SELECT value->>0 AS key, value->>1 AS value, row_number() OVER (PARTITION BY value->>0 ORDER BY value->>1) AS n
FROM json_array_elements($4::json) v
WHERE NOT EXISTS (SELECT 1 FROM autocomplete_values a WHERE a.key = v.value->>0 AND a.value = v.value->>1)
), value_room AS (
SELECT key, $9 - (SELECT count(*) FROM autocomplete_values a WHERE a.key = d.key) AS room
FROM (SELECT DISTINCT key FROM value_new) d
), new_values AS (
INSERT INTO autocomplete_values (key, value)
SELECT v.key, v.value FROM value_new v JOIN value_room r USING (key) WHERE v.n <= r.room
ORDER BY 1, 2
ON CONFLICT DO NOTHING
RETURNING 1
), latency_in AS (
SELECT value->>0 AS service, value->>1 AS name, value->>2 AS kind, (value->>3)::bigint AS minute_us,
  (value->>4)::smallint AS bucket, (value->>5)::int AS count, (value->>6)::int AS errors
FROM json_array_elements($5::json)
), latency AS (
-- Appended, never updated: requests counting the same operation at once take no lock on each other.
INSERT INTO operation_counts_log (service_name, span_name, span_kind, minute_us, bucket, count, errors)
SELECT
  CASE WHEN o.service IS NOT NULL OR s.service IS NOT NULL THEN d.service ELSE $10::text END,
  CASE WHEN o.service IS NOT NULL THEN d.name ELSE $10::text END,
  d.kind, d.minute_us, d.bucket, sum(d.count), sum(d.errors)
FROM latency_in d
LEFT JOIN listed_operations o ON o.service = d.service AND o.name = d.name
LEFT JOIN listed_services s ON s.service = d.service
GROUP BY 1, 2, 3, 4, 5
), queued AS (
INSERT INTO link_queue (trace_id, due_us)
SELECT d.trace_id, $6 FROM json_to_recordset($1::json) AS d(trace_id text)
ON CONFLICT (trace_id) DO UPDATE SET due_us = excluded.due_us
)
SELECT
  ((SELECT count(*) FROM service_in WHERE NOT known) - (SELECT count(*) FROM new_services))::int AS service,
  ((SELECT count(*) FROM operation_new) - (SELECT count(*) FROM new_operations))::int AS operation,
  ((SELECT count(*) FROM remote_new JOIN remote_room USING (service))
    - (SELECT count(*) FROM new_remote))::int AS remote_service,
  ((SELECT count(*) FROM value_new) - (SELECT count(*) FROM new_values))::int AS autocomplete_value`;
