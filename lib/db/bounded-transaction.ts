import type pg from "pg";

/**
 * A transaction for background upkeep beside live ingest: it waits at most LOCK_TIMEOUT for a lock
 * and runs each statement for at most STATEMENT_TIMEOUT, then gives up (and rolls back) rather than
 * hold others up. A DDL statement waiting for its ACCESS EXCLUSIVE lock queues every later reader
 * and writer of the table behind it, so the lock wait is what bounds how long ingest can stall.
 */
const LOCK_TIMEOUT = "1s";
const STATEMENT_TIMEOUT = "30s";

export async function inBoundedTransaction<T>(client: pg.PoolClient, work: () => Promise<T>): Promise<T> {
  await client.query(
    `BEGIN; SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'; SET LOCAL statement_timeout = '${STATEMENT_TIMEOUT}'`,
  );
  try {
    const result = await work();
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}
