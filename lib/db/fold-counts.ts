import type pg from "pg";
import { metrics } from "../observe/metrics";
import { every } from "./every";
import { db } from "./pool";

/**
 * The latency histograms' upkeep. Ingest appends each request's counts to `operation_counts_log`
 * (lib/db/save-spans.ts) rather than adding them to shared rows: an upsert of the same operation's
 * row by two requests at once makes the second wait for the first to commit, and every request of a
 * busy service counts the same few rows. Here one process at a time (an advisory lock) takes a
 * bounded batch of the log and, in the same statement, adds it to the minute histograms (a row per
 * operation, kind and minute with its buckets in arrays, merged with the row it meets; only the
 * minutes still kept: lib/db/retention.ts deletes older ones) and to the hourly ones, so a count is
 * in both or in neither, and in the log until then. Readers add the log's rows (lib/db/counts-sql.ts),
 * so what ingest acknowledged is counted at once, folded or not; a restart loses nothing, the log
 * being an ordinary table written in the spans' transaction.
 */
const LOCK_ID = 7_246_113_004;
/**
 * The span of log ids taken per statement: a backlog is folded in bounded transactions. A range of
 * ids, not the first N rows: finding those cost the fold three times as much as deleting them. Ids
 * skipped by rolled-back requests make a batch short, and the next fold goes on from there.
 */
export const FOLD_BATCH = 20_000;

const FOLD = `
WITH taken AS (
  DELETE FROM operation_counts_log
  WHERE id < (SELECT min(id) FROM operation_counts_log) + $1
  RETURNING service_name, span_name, span_kind, minute_us, buckets, counts, errors
), counted AS (
  SELECT t.service_name, t.span_name, t.span_kind, t.minute_us, b.bucket,
    sum(b.count)::int AS count, sum(b.errors)::int AS errors
  FROM taken t, unnest(t.buckets, t.counts, t.errors) AS b(bucket, count, errors)
  GROUP BY 1, 2, 3, 4, 5
), minutes AS (
  INSERT INTO operation_minutes AS m (service_name, span_name, span_kind, minute_us, buckets, counts, errors)
  SELECT service_name, span_name, span_kind, minute_us,
    array_agg(bucket ORDER BY bucket), array_agg(count ORDER BY bucket), array_agg(errors ORDER BY bucket)
  FROM counted WHERE minute_us >= $2
  GROUP BY 1, 2, 3, 4
  ON CONFLICT (service_name, span_name, span_kind, minute_us) DO UPDATE SET (buckets, counts, errors) = (
    SELECT array_agg(bucket ORDER BY bucket), array_agg(count ORDER BY bucket), array_agg(errors ORDER BY bucket)
    FROM (SELECT bucket, sum(count)::int AS count, sum(errors)::int AS errors
          FROM (SELECT * FROM unnest(m.buckets, m.counts, m.errors)
                UNION ALL SELECT * FROM unnest(excluded.buckets, excluded.counts, excluded.errors))
            AS both_counts(bucket, count, errors)
          GROUP BY bucket) merged)
), hours AS (
  INSERT INTO operation_latency AS l (service_name, span_name, span_kind, hour_us, bucket, count, errors)
  SELECT service_name, span_name, span_kind, minute_us / 3600000000 * 3600000000, bucket, sum(count), sum(errors)
  FROM counted
  GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT (service_name, span_name, span_kind, hour_us, bucket)
  DO UPDATE SET count = l.count + excluded.count, errors = l.errors + excluded.errors
)
SELECT count(*)::int AS folded FROM taken`;

/**
 * Folds one batch of the log, keeping minutes from `keepMinutesFromUs` on; answers how many rows it
 * took (0 when another process holds the lock).
 */
export async function foldCountsOnce(keepMinutesFromUs: number): Promise<number> {
  const client = await db().pool.connect();
  try {
    await client.query("BEGIN");
    const folded = await foldLocked(client, keepMinutesFromUs);
    await client.query("COMMIT");
    metrics.countsFolded.inc(folded);
    return folded;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function foldLocked(client: pg.PoolClient, keepMinutesFromUs: number): Promise<number> {
  const { rows: lock } = await client.query<{ locked: boolean }>(
    "SELECT pg_try_advisory_xact_lock($1) AS locked",
    [LOCK_ID],
  );
  if (!lock[0]?.locked) return 0;
  const { rows } = await client.query<{ folded: number }>(FOLD, [FOLD_BATCH, keepMinutesFromUs]);
  return rows[0]?.folded ?? 0;
}

/** Folds the whole log as it stands, batch after batch; answers the rows folded. */
export async function foldCounts(minuteRetentionUs: number, nowUs = Date.now() * 1000): Promise<number> {
  let total = 0;
  for (;;) {
    const folded = await foldCountsOnce(nowUs - minuteRetentionUs);
    total += folded;
    if (folded < FOLD_BATCH) return total;
  }
}

/**
 * Folds every `intervalMs` until stopped, then reports what is left (tracelight_counts_pending_rows):
 * a log that keeps growing means the folding falls behind ingest.
 */
export function foldCountsContinuously(minuteRetentionUs: number, intervalMs: number): () => void {
  return every(intervalMs, "folding latency counts failed; retrying", async () => {
    await foldCounts(minuteRetentionUs);
    const { rows } = await db().pool.query<{ pending: number }>(
      "SELECT count(*)::int AS pending FROM operation_counts_log",
    );
    metrics.countsPending.set(rows[0]?.pending ?? 0);
  });
}
