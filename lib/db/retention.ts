import { expireNames } from "./cardinality";
import { db } from "./pool";

/**
 * Keeps the daily partitions of `spans` ready and drops the expired ones whole, which costs the
 * same whatever they hold. Partitions exist from the retention cutoff to two days ahead; a span
 * outside them lands in spans_default and is deleted row by row once it is past the cutoff.
 * Latency histograms go by the same cutoff, whole hours at a time through their hour index.
 * Safe to run from several instances at once (advisory lock) and at any interval.
 */
const DAY_US = 86_400_000_000;
const HOUR_US = 3_600_000_000;
const LOCK_ID = 7_246_113_002;

export async function maintainStorage(retentionUs: number, nowUs = Date.now() * 1000): Promise<void> {
  const client = await db().pool.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [
      LOCK_ID,
    ]);
    if (!rows[0]?.locked) return;
    // Creating or dropping a partition locks `spans` briefly; never wait long behind ingest for it.
    await client.query("SET lock_timeout = '5s'");
    const cutoffUs = nowUs - retentionUs;
    const firstDay = Math.floor(cutoffUs / DAY_US);
    const lastDay = Math.floor(nowUs / DAY_US) + 2;
    const existing = await client.query<{ name: string }>(
      `SELECT child.relname AS name FROM pg_inherits
       JOIN pg_class child ON child.oid = pg_inherits.inhrelid
       WHERE pg_inherits.inhparent = 'spans'::regclass AND child.relname LIKE 'spans_d%'`,
    );
    const existingNames = new Set(existing.rows.map((row) => row.name));
    for (let day = firstDay; day <= lastDay; day++) {
      const name = partitionName(day);
      if (existingNames.has(name)) continue;
      await client
        .query(
          `CREATE TABLE "${name}" PARTITION OF spans FOR VALUES FROM (${day * DAY_US}) TO (${(day + 1) * DAY_US})`,
        )
        .catch((error: Error) => console.warn(`could not create partition ${name}: ${error.message}`));
    }
    for (const name of existingNames) {
      if (name < partitionName(firstDay)) {
        await client
          .query(`DROP TABLE "${name}"`)
          .catch((error: Error) => console.warn(`could not drop partition ${name}: ${error.message}`));
      }
    }
    await client.query("DELETE FROM spans_default WHERE start_us < $1", [cutoffUs]);
    await client.query("DELETE FROM traces WHERE end_us < $1", [cutoffUs]);
    // The hourly aggregates go with the spans they count: an hour is kept while any of it is within
    // retention.
    for (const table of ["operation_latency", "trace_links", "dependency_links"]) {
      await client.query(`DELETE FROM ${table} WHERE hour_us <= $1`, [cutoffUs - HOUR_US]);
    }
    await expireNames(client);
  } finally {
    await client.query("SELECT pg_advisory_unlock_all()").catch(() => undefined);
    client.release();
  }
}

/** spans_d20261122: sorts by date, so "older than the cutoff" is a string comparison. */
function partitionName(day: number): string {
  return `spans_d${new Date((day * DAY_US) / 1000).toISOString().slice(0, 10).replaceAll("-", "")}`;
}
