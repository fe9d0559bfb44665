import type pg from "pg";
import { inBoundedTransaction } from "./bounded-transaction";

/**
 * The row-by-row deletes of retention (lib/db/retention.ts), each a bounded batch in its own
 * bounded transaction (lib/db/bounded-transaction.ts), read through an index. A trace goes whole:
 * its summary row, its spans and its queued link derivation leave in one transaction.
 */
export const BATCH = 1000;

export interface Deleted {
  /** Summary rows deleted. */
  traces: number;
  /** Spans deleted row by row. */
  spans: number;
  /** How many rows the batch was chosen from: fewer than BATCH when it was the last. */
  found: number;
}

/**
 * A batch of the traces that started before `keepFromUs`, oldest first, through the summaries'
 * start index; of their spans, only those of traces that ended at or after it are looked up: a span
 * starts no later than its trace ends (the decoders store no negative duration), so no other
 * expired trace has a span in a kept partition (the rest go with their partitions or with
 * spans_default's strays). Summary rows ingest is
 * updating are skipped, for the next batch or run.
 */
export function expireOldestTraces(client: pg.PoolClient, keepFromUs: number): Promise<Deleted> {
  return inBoundedTransaction(client, async () => {
    const { rows } = await client.query<{ trace_id: string; end_us: string }>(
      `DELETE FROM traces WHERE trace_id IN (
         SELECT trace_id FROM traces WHERE start_us < $1 ORDER BY start_us LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING trace_id, end_us`,
      [keepFromUs, BATCH],
    );
    const straddling = rows.filter((row) => Number(row.end_us) >= keepFromUs).map((row) => row.trace_id);
    const spans = await deleteSpansAndQueue(
      client,
      rows.map((row) => row.trace_id),
      straddling,
    );
    return { traces: rows.length, spans, found: rows.length };
  });
}

/**
 * Deletes whole the traces of the spans `findSpans` lists ($1: `boundUs`, $2: the batch size; it
 * selects trace_id): summary rows, every span, queued link derivation.
 */
export function deleteTracesOfSpans(
  client: pg.PoolClient,
  findSpans: string,
  boundUs: number,
): Promise<Deleted> {
  return inBoundedTransaction(client, async () => {
    const { rows } = await client.query<{ trace_id: string }>(findSpans, [boundUs, BATCH]);
    const traceIds = [...new Set(rows.map((row) => row.trace_id))];
    if (traceIds.length === 0) return { traces: 0, spans: 0, found: 0 };
    const summaries = await client.query("DELETE FROM traces WHERE trace_id = ANY($1)", [traceIds]);
    const spans = await deleteSpansAndQueue(client, traceIds, traceIds);
    return { traces: summaries.rowCount ?? 0, spans, found: rows.length };
  });
}

async function deleteSpansAndQueue(
  client: pg.PoolClient,
  traceIds: string[],
  spanTraceIds: string[],
): Promise<number> {
  await client.query("DELETE FROM link_queue WHERE trace_id = ANY($1)", [traceIds]);
  if (spanTraceIds.length === 0) return 0;
  // By primary key in every partition: one filling faster than autovacuum analyzes it would
  // otherwise be scanned whole (lib/db/links.ts measured it).
  await client.query("SET LOCAL enable_seqscan = off");
  const { rowCount } = await client.query("DELETE FROM spans WHERE trace_id = ANY($1)", [spanTraceIds]);
  return rowCount ?? 0;
}

/**
 * Statements that each delete a bounded part of the hourly aggregates before a bound ($1). An hour
 * of operation_latency or dependency_links holds at most names × buckets rows, found through the
 * hour index, oldest first; trace_links grows with traces instead, so it goes a batch of rows at a
 * time, through its primary key.
 */
const byHour = (table: string) =>
  `DELETE FROM ${table} WHERE hour_us = (SELECT min(hour_us) FROM ${table}) AND hour_us < $1`;

export const AGGREGATE_SWEEPS = [
  // Counts not folded yet, of spans past retention: folded, they would only be swept below.
  `DELETE FROM operation_counts_log WHERE id = ANY(ARRAY(
     SELECT id FROM operation_counts_log WHERE minute_us < $1 LIMIT ${BATCH}))`,
  byHour("operation_latency"),
  byHour("dependency_links"),
  `DELETE FROM trace_links WHERE trace_id = ANY(ARRAY(
     SELECT trace_id FROM trace_links WHERE hour_us < $1 LIMIT ${BATCH})) AND hour_us < $1`,
];

/** The oldest minute of the minute histograms, when it is before a bound ($1). */
export const MINUTE_SWEEP = `DELETE FROM operation_minutes
  WHERE minute_us = (SELECT min(minute_us) FROM operation_minutes) AND minute_us < $1`;

/** Runs `sql` ($1: `boundUs`) until it deletes nothing or `stopped()`; returns the rows deleted. */
export async function deleteUntilNone(
  client: pg.PoolClient,
  sql: string,
  boundUs: number,
  stopped: () => boolean,
): Promise<number> {
  let deleted = 0;
  while (!stopped()) {
    const { rowCount } = await inBoundedTransaction(client, () => client.query(sql, [boundUs]));
    if (!rowCount) break;
    deleted += rowCount;
  }
  return deleted;
}
