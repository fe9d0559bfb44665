import type pg from "pg";
import { log } from "../observe/log";
import { DAY_US } from "../time/hours";
import { inBoundedTransaction } from "./bounded-transaction";
import { isDailyPartition, partitionName } from "./retention-window";

/**
 * The daily partitions of `spans` (prisma/migrations/20261122000000_init): listed, created and
 * dropped, each change in its own bounded transaction (lib/db/bounded-transaction.ts), which throws
 * when the lock it needs stays busy.
 */
export async function dailyPartitions(client: pg.PoolClient): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT child.relname AS name FROM pg_inherits
     JOIN pg_class child ON child.oid = pg_inherits.inhrelid
     WHERE pg_inherits.inhparent = 'spans'::regclass`,
  );
  return rows.map((row) => row.name).filter(isDailyPartition);
}

/**
 * A day's partition, made apart and attached: ATTACH locks `spans` in SHARE UPDATE EXCLUSIVE mode,
 * which ingest and reads pass through, where CREATE TABLE … PARTITION OF takes ACCESS EXCLUSIVE.
 * Rows of that day already in spans_default (stored while the partition was missing) move in
 * first, since PostgreSQL refuses the partition while they are there. Returns how many moved.
 */
export function createPartition(client: pg.PoolClient, day: number): Promise<number> {
  const name = partitionName(day);
  const fromUs = day * DAY_US;
  const toUs = fromUs + DAY_US;
  return inBoundedTransaction(client, async () => {
    await client.query(`CREATE TABLE "${name}" (LIKE spans INCLUDING DEFAULTS)`);
    const moved = await client.query(
      `WITH moved AS (DELETE FROM spans_default WHERE start_us >= $1 AND start_us < $2 RETURNING *)
       INSERT INTO "${name}" SELECT * FROM moved`,
      [fromUs, toUs],
    );
    await client.query(
      `ALTER TABLE spans ATTACH PARTITION "${name}" FOR VALUES FROM (${fromUs}) TO (${toUs})`,
    );
    if (moved.rowCount)
      log.info({ partition: name, spans: moved.rowCount }, "moved spans out of spans_default");
    return moved.rowCount ?? 0;
  });
}

/** Drops a partition whole, which costs the same whatever it holds. */
export async function dropPartition(client: pg.PoolClient, name: string): Promise<void> {
  await inBoundedTransaction(client, () => client.query(`DROP TABLE "${name}"`));
}
