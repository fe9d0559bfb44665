import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { OVERFLOW_NAME } from "../api/service-metrics";
import { type CappedNames, type CardinalityCaps, cardinalityCaps, recordCapped } from "./cardinality";
import { SPAN_COLUMNS } from "./copy-text";
import { db } from "./pool";
import type { SpanBatch, SummaryRows } from "./span-batch";
import {
  APPEND_LATENCY_COUNTS,
  COUNT_CAPPED,
  INSERT_AUTOCOMPLETE_VALUES,
  INSERT_OPERATIONS,
  INSERT_REMOTE_SERVICES,
  INSERT_SERVICES,
  QUEUE_LINKS,
  UPSERT_TRACES,
} from "./summary-sql";

/**
 * Stores the spans of one request in one transaction, all or none, and resolves only after the
 * commit. A span is identified by (trace_id, span_id, shared, start_us); one already stored is
 * skipped and counted nowhere, so a re-sent batch changes nothing.
 *
 *   COPY spans ──ok──────────────────────────────┐
 *        │ unique violation: some spans exist    ├─► traces (upsert the deltas of the new spans)
 *        └─► COPY staging → INSERT … ON CONFLICT ┘   services, operations (insert if new, up to caps)
 *            DO NOTHING RETURNING the new keys       operation_counts_log (append the new spans' counts)
 *                                                    link_queue (the traces, due for link derivation)
 *
 * Re-sent spans are rare, so the common case pays only for COPY, the cheapest write PostgreSQL has;
 * a batch holding a known span (or one span twice) starts its transaction over on the slower path,
 * which asks `summariesOf` for the summary rows of the spans it did store. Summary rows are written
 * by one statement per table (lib/db/summary-sql.ts), in key order, so concurrent requests lock them
 * in the same order. The rows arrive prepared
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
 * The summary rows, under the caps, one statement per table (lib/db/summary-sql.ts), each prepared
 * once per connection: the name lists first, so that the latency counts and the capped count read
 * them written. What the caps left out is counted in /metrics (and logged at most once a minute) as
 * soon as the statements have run, a commit failing after them being rare.
 */
async function saveSummaries(
  client: pg.PoolClient,
  rows: SummaryRows,
  { linkDelayUs, caps = cardinalityCaps() }: SaveOptions,
): Promise<void> {
  const run = (name: string, text: string, values: unknown[]) => client.query({ name, text, values });
  await run("upsert-traces", UPSERT_TRACES, [rows.traces]);
  await run("insert-services", INSERT_SERVICES, [rows.operations, caps.services]);
  await run("insert-operations", INSERT_OPERATIONS, [rows.operations, caps.operationsPerService]);
  if (rows.remoteServices !== EMPTY) {
    await run("insert-remote-services", INSERT_REMOTE_SERVICES, [
      rows.remoteServices,
      caps.operationsPerService,
    ]);
  }
  if (rows.autocomplete !== EMPTY) {
    await run("insert-autocomplete-values", INSERT_AUTOCOMPLETE_VALUES, [
      rows.autocomplete,
      caps.autocompleteValues,
    ]);
  }
  await run("append-latency-counts", APPEND_LATENCY_COUNTS, [rows.latency, OVERFLOW_NAME]);
  await run("queue-links", QUEUE_LINKS, [rows.traces, Date.now() * 1000 + linkDelayUs]);
  const { rows: capped } = await client.query<CappedNames>({
    name: "count-capped",
    text: COUNT_CAPPED,
    values: [rows.operations, rows.remoteServices, rows.autocomplete],
  });
  if (capped[0]) recordCapped(capped[0]);
}

/** A summary parameter with no rows (span-batch.ts writes JSON arrays): its statement is skipped. */
const EMPTY = "[]";

function copyInto(client: pg.PoolClient, sql: string, rows: Uint8Array): Promise<void> {
  // A batch from a decode worker arrives as a plain Uint8Array: wrap it, don't copy it.
  const bytes = Buffer.from(rows.buffer, rows.byteOffset, rows.byteLength);
  return pipeline(Readable.from([bytes]), client.query(copyFrom(sql)));
}
