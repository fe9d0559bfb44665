import type pg from "pg";
import { log } from "../observe/log";
import { metrics } from "../observe/metrics";
import { expireNames } from "./cardinality";
import {
  AGGREGATE_SWEEPS,
  BATCH,
  type Deleted,
  deleteTracesOfSpans,
  deleteUntilNone,
  expireOldestTraces,
  MINUTE_SWEEP,
} from "./expire";
import { createPartition, dailyPartitions, dropPartition } from "./partitions";
import { db } from "./pool";
import { partitionName, type RetentionWindow, retentionWindow } from "./retention-window";

/**
 * Storage upkeep, with the trace as the unit of retention: a trace that started before the first
 * kept day (lib/db/retention-window.ts) goes whole — its summary row, every span wherever it is
 * stored, its queued link derivation — so search never finds a trace whose spans are gone and no
 * span outlives its summary. In order:
 *
 * 1. Partitions of `spans` are prepared from the first kept day to two days ahead (a day's rows
 *    already in spans_default move in).
 * 2. Expired traces' summary rows go in batches, with the few spans of theirs in kept partitions
 *    (lib/db/expire.ts says why only those of traces that ended after the boundary are looked up).
 * 3. Stray spans before the boundary in spans_default (stored with no partition for their day) take
 *    their traces with them.
 * 4. Future-dated spans in spans_default, stored before ingest refused spans far ahead of its clock
 *    and dated past the prepared partitions, take their traces with them; they are counted and
 *    logged as a warning. No partition can hold them, ingest would refuse them today, and left there
 *    they would slow, then block, the creation of their day's partition. Spans in a partition past
 *    the prepared ones (made while the server's clock was ahead) and aggregates of future hours
 *    stay, to expire like any other: deleting them would let one backward step of the server's
 *    clock delete real data.
 * 5. Partitions before the first kept day are dropped whole: only expired traces have spans there.
 * 6. Hourly aggregates (operation_latency, trace_links, dependency_links, trace_paths,
 *    service_paths) before the boundary go, and minute histograms before the first kept minute
 *    (TRACELIGHT_MINUTE_RETENTION).
 *
 * Ingest is never held up for long: each step is a bounded batch in its own transaction that waits
 * at most a second for a lock (lib/db/bounded-transaction.ts). Partition changes that give up are
 * deferred to the next run, and the rest of the run goes on. One caller at a time (an advisory
 * lock); running again changes nothing more.
 */
/** The advisory lock one caller at a time holds while it runs. */
export const MAINTENANCE_LOCK_ID = 7_246_113_002;

export interface MaintenanceResult {
  /** False when another caller held the lock, and this one did nothing. */
  ran: boolean;
  partitionsCreated: number;
  partitionsDropped: number;
  /** Partitions whose creation or drop gave up (most often a busy lock); the next run tries again. */
  partitionsDeferred: string[];
  /** Traces deleted whole for having started before the first kept day. */
  tracesExpired: number;
  /** Traces deleted whole for holding a span in spans_default dated at or past the horizon. */
  tracesFuture: number;
  /** Spans deleted row by row (those not in a dropped partition). */
  spansDeleted: number;
  aggregateRowsDeleted: number;
}

export interface MaintenanceOptions {
  /** Stops the run between batches. */
  signal?: AbortSignal;
  /** How long minute histograms are kept (lib/db/retention-window.ts has the default). */
  minuteRetentionUs?: number;
}

/**
 * One run for a retention of `retentionUs` as of `nowUs` (both µs). A failure is logged and
 * counted, then thrown.
 */
export async function maintainStorage(
  retentionUs: number,
  nowUs = Date.now() * 1000,
  { signal, minuteRetentionUs }: MaintenanceOptions = {},
): Promise<MaintenanceResult> {
  const startedMs = Date.now();
  const result = emptyResult();
  try {
    const client = await db().pool.connect();
    let healthy = false;
    try {
      const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [
        MAINTENANCE_LOCK_ID,
      ]);
      if (rows[0]?.locked) {
        result.ran = true;
        const window = retentionWindow(retentionUs, nowUs, minuteRetentionUs);
        await maintain(client, window, result, () => signal?.aborted === true);
        await client.query("SELECT pg_advisory_unlock($1)", [MAINTENANCE_LOCK_ID]);
      }
      healthy = true;
    } finally {
      // A connection in an unknown state is closed, which also ends its advisory lock.
      client.release(!healthy);
    }
  } catch (error) {
    metrics.maintenanceRuns.inc({ outcome: "failed" });
    log.error({ err: (error as Error).message, ...result }, "storage maintenance failed");
    throw error;
  }
  record(result, Date.now() - startedMs);
  return result;
}

function emptyResult(): MaintenanceResult {
  return {
    ran: false,
    partitionsCreated: 0,
    partitionsDropped: 0,
    partitionsDeferred: [],
    tracesExpired: 0,
    tracesFuture: 0,
    spansDeleted: 0,
    aggregateRowsDeleted: 0,
  };
}

/**
 * Runs maintainStorage now, then `intervalUs` after each run ends, until the returned function is
 * called (it resolves once a run in progress has stopped). Runs never overlap, and a failed one
 * (logged and counted by maintainStorage) does not stop the next.
 */
export function maintainStorageEvery(
  retentionUs: number,
  intervalUs: number,
  minuteRetentionUs?: number,
): () => Promise<void> {
  const stop = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const run = () => {
    running = maintainStorage(retentionUs, undefined, { signal: stop.signal, minuteRetentionUs })
      .catch(() => undefined)
      .finally(() => {
        if (stop.signal.aborted) return;
        timer = setTimeout(run, intervalUs / 1000);
        timer.unref();
      });
  };
  run();
  return async () => {
    stop.abort();
    clearTimeout(timer);
    await running;
  };
}

async function maintain(
  client: pg.PoolClient,
  window: RetentionWindow,
  result: MaintenanceResult,
  stopped: () => boolean,
): Promise<void> {
  const existing = await createMissingPartitions(client, window, result);
  const repeat = async (batch: () => Promise<Deleted>, reason: "tracesExpired" | "tracesFuture") => {
    while (!stopped()) {
      const deleted = await batch();
      result[reason] += deleted.traces;
      result.spansDeleted += deleted.spans;
      if (deleted.found < BATCH) return;
    }
  };
  await repeat(() => expireOldestTraces(client, window.keepFromUs), "tracesExpired");
  const strays = "SELECT trace_id FROM spans_default WHERE start_us < $1 LIMIT $2";
  await repeat(() => deleteTracesOfSpans(client, strays, window.keepFromUs), "tracesExpired");
  const future = "SELECT trace_id FROM spans_default WHERE start_us >= $1 LIMIT $2";
  await repeat(() => deleteTracesOfSpans(client, future, window.horizonUs), "tracesFuture");
  const firstKept = partitionName(window.days[0] as number);
  for (const name of existing.filter((name) => name < firstKept)) {
    if (stopped()) return;
    if (await deferOnFailure(name, result, () => dropPartition(client, name))) result.partitionsDropped++;
  }
  for (const sql of AGGREGATE_SWEEPS) {
    result.aggregateRowsDeleted += await deleteUntilNone(client, sql, window.keepFromUs, stopped);
  }
  result.aggregateRowsDeleted += await deleteUntilNone(
    client,
    MINUTE_SWEEP,
    window.keepMinutesFromUs,
    stopped,
  );
  // Names whose calls have all expired leave the lists, so a past flood of ids stops holding the caps.
  if (!stopped()) await expireNames(client);
}

/** Creates the window's missing daily partitions; answers the partitions there were before. */
async function createMissingPartitions(
  client: pg.PoolClient,
  window: RetentionWindow,
  result: MaintenanceResult,
): Promise<string[]> {
  const existing = await dailyPartitions(client);
  for (const day of window.days) {
    const name = partitionName(day);
    if (existing.includes(name)) continue;
    if (await deferOnFailure(name, result, () => createPartition(client, day))) result.partitionsCreated++;
  }
  return existing;
}

/**
 * The daily partitions of the retention window, made before Tracelight takes its first span: a span
 * stored while its day's partition is missing waits in spans_default, and moving it when the
 * partition comes races reads of it (a read planned before the attach and run after it finds the
 * span in neither place). Quick — empty partitions, no deletions — so start-up waits for it; the
 * rest of maintenance runs in the background. Under the maintenance lock, waited for a few seconds:
 * instances starting together take turns, the later ones finding the partitions made, rather than
 * all creating the same ones at once and logging each other's duplicates. Failures (the wait
 * included) are logged: the next run tries again.
 */
export async function preparePartitions(retentionUs: number, nowUs = Date.now() * 1000): Promise<void> {
  const result = emptyResult();
  try {
    const client = await db().pool.connect();
    let healthy = false;
    try {
      await client.query("SET lock_timeout = '10s'");
      await client.query("SELECT pg_advisory_lock($1)", [MAINTENANCE_LOCK_ID]);
      await createMissingPartitions(client, retentionWindow(retentionUs, nowUs), result);
      await client.query("SELECT pg_advisory_unlock($1)", [MAINTENANCE_LOCK_ID]);
      await client.query("RESET lock_timeout");
      healthy = true;
    } finally {
      // A connection that gave up waiting, or failed holding the lock, is closed, which frees it.
      client.release(!healthy);
    }
  } catch (error) {
    log.warn({ err: (error as Error).message }, "preparing partitions failed; the next maintenance run will");
  }
}

/** A partition change that fails is logged and left to the next run, so the rest still happens. */
async function deferOnFailure(
  name: string,
  result: MaintenanceResult,
  change: () => Promise<unknown>,
): Promise<boolean> {
  try {
    await change();
    return true;
  } catch (error) {
    log.warn({ partition: name, err: (error as Error).message }, "partition change deferred to the next run");
    result.partitionsDeferred.push(name);
    return false;
  }
}

function record(result: MaintenanceResult, durationMs: number): void {
  if (!result.ran) {
    metrics.maintenanceRuns.inc({ outcome: "skipped" });
    return;
  }
  const deferred = result.partitionsDeferred.length > 0;
  metrics.maintenanceRuns.inc({ outcome: deferred ? "partial" : "done" });
  if (!deferred) metrics.maintenanceLastSuccess.setToCurrentTime();
  metrics.maintenanceTracesDeleted.inc({ reason: "expired" }, result.tracesExpired);
  metrics.maintenanceTracesDeleted.inc({ reason: "future" }, result.tracesFuture);
  metrics.maintenancePartitions.inc({ change: "created" }, result.partitionsCreated);
  metrics.maintenancePartitions.inc({ change: "dropped" }, result.partitionsDropped);
  if (result.tracesFuture > 0) {
    log.warn(
      { traces: result.tracesFuture },
      "deleted traces with spans in spans_default dated past the prepared partitions",
    );
  }
  const { ran: _, ...changes } = result;
  if (Object.values(changes).some((value) => (Array.isArray(value) ? value.length > 0 : value > 0))) {
    log.info({ ...changes, durationMs }, "storage maintenance");
  }
}
