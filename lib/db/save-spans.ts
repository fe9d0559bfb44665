import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { bucketOf } from "../analysis/histogram";
import { badRequest } from "../errors";
import type { Span } from "../model/span";
import { autocompleteValues } from "../search/terms";
import { SPAN_COLUMNS, toCopyText } from "./copy-text";
import { db } from "./pool";
import { traceDeltas } from "./trace-deltas";

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
 * a batch holding a known span (or one span twice) starts its transaction over on the slower path.
 * Summary rows are written in key order, so concurrent requests lock them in the same order.
 */
const RETRYABLE = new Set(["40P01", "40001"]); // deadlock, serialization failure
const UNIQUE_VIOLATION = "23505";
const COPY_SPANS = `COPY spans (${SPAN_COLUMNS.join(", ")}) FROM STDIN`;

export interface SaveOptions {
  /** The tag keys whose values are kept for Zipkin's autocompleteValues. */
  autocompleteKeys?: ReadonlySet<string>;
  /** How long after these spans their traces' dependency links are derived (lib/db/links.ts). */
  linkDelayUs?: number;
}

export async function saveSpans(spans: Span[], options: SaveOptions = {}): Promise<{ stored: number }> {
  if (spans.length === 0) return { stored: 0 };
  for (let attempt = 1; ; attempt++) {
    try {
      return await saveOnce(spans, options);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= 3 || !code || !RETRYABLE.has(code)) throw asRequestError(error);
    }
  }
}

async function saveOnce(spans: Span[], options: SaveOptions): Promise<{ stored: number }> {
  const client = await db().pool.connect();
  try {
    const copyText = toCopyText(spans);
    await client.query("BEGIN");
    let stored = spans;
    try {
      await copyInto(client, COPY_SPANS, copyText);
    } catch (error) {
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
      // Start over rather than from a savepoint: rows written in a subtransaction cost every later
      // reader a pg_subtrans lookup until their hint bits are set.
      await client.query("ROLLBACK; BEGIN");
      stored = await insertNewOnly(client, spans, copyText);
    }
    await saveSummaries(client, stored, options);
    await client.query("COMMIT");
    return { stored: stored.length };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * The slow path, for a batch holding spans already stored or the same span twice: stage everything,
 * insert what is new, and say which spans those were, each once.
 */
async function insertNewOnly(client: pg.PoolClient, spans: Span[], copyText: string): Promise<Span[]> {
  await client.query("CREATE TEMP TABLE IF NOT EXISTS staged_spans (LIKE spans) ON COMMIT DELETE ROWS");
  await copyInto(client, `COPY staged_spans (${SPAN_COLUMNS.join(", ")}) FROM STDIN`, copyText);
  const { rows } = await client.query<{
    trace_id: string;
    span_id: string;
    shared: boolean;
    start_us: string;
  }>(
    `INSERT INTO spans SELECT * FROM staged_spans ORDER BY trace_id, span_id, shared, start_us
     ON CONFLICT DO NOTHING RETURNING trace_id, span_id, shared, start_us`,
  );
  const inserted = new Set(rows.map((row) => `${row.trace_id}/${row.span_id}/${row.shared}/${row.start_us}`));
  return spans.filter((span) => inserted.delete(storageKey(span)));
}

/** How long a trace's links wait for more of its spans by default (TRACELIGHT_LINK_DELAY). */
const LINK_DELAY_US = 5_000_000;

async function saveSummaries(client: pg.PoolClient, spans: Span[], options: SaveOptions): Promise<void> {
  if (spans.length === 0) return;
  const operations = spans.map(({ serviceName, name, kind }) => [serviceName, name, kind]);
  const remoteServices = spans.flatMap(({ serviceName, remoteServiceName }) =>
    remoteServiceName ? [[serviceName, remoteServiceName]] : [],
  );
  await client.query(SAVE_SUMMARIES, [
    JSON.stringify(traceDeltas(spans)),
    JSON.stringify(distinctSorted(operations)),
    JSON.stringify(distinctSorted(remoteServices)),
    JSON.stringify(distinctSorted(autocompleteValues(spans, options.autocompleteKeys ?? new Set()))),
    JSON.stringify(latencyCounts(spans)),
    Date.now() * 1000 + (options.linkDelayUs ?? LINK_DELAY_US),
  ]);
}

const HOUR_US = 3_600_000_000;

/**
 * What the spans add to `operation_latency`: [service, span name, hour, bucket, count, errors], one
 * row per key (an upsert may not touch a row twice) in key order, counted here so the statement
 * carries one row per distinct key rather than one per span.
 */
function latencyCounts(spans: Span[]): (string | number)[][] {
  const rows = new Map<string, [string, string, number, number, number, number]>();
  for (const { serviceName, name, startUs, durationUs, status } of spans) {
    const hourUs = Math.floor(startUs / HOUR_US) * HOUR_US;
    const bucket = bucketOf(durationUs);
    const key = `${serviceName}\u0000${name}\u0000${hourUs}\u0000${bucket}`;
    const row = rows.get(key) ?? [serviceName, name, hourUs, bucket, 0, 0];
    row[4]++;
    if (status.code === "ERROR") row[5]++;
    rows.set(key, row);
  }
  return [...rows.values()].sort(
    (a, b) => compareText(a[0], b[0]) || compareText(a[1], b[1]) || a[2] - b[2] || a[3] - b[3],
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Each row once, in key order: concurrent requests then lock the rows they share in the same order. */
function distinctSorted(rows: string[][]): string[][] {
  const byKey = new Map(rows.map((row) => [row.join("\u0000"), row]));
  return [...byKey.keys()].sort().map((key) => byKey.get(key) as string[]);
}

function copyInto(client: pg.PoolClient, sql: string, text: string): Promise<void> {
  return pipeline(Readable.from([Buffer.from(text, "utf8")]), client.query(copyFrom(sql)));
}

function storageKey(span: Span): string {
  return `${span.traceId}/${span.spanId}/${span.shared === true}/${span.startUs}`;
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
