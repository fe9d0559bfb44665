import os from "node:os";
import pg from "pg";
import { bucketOf } from "../lib/services/histogram";
import { floorHourUs, floorMinuteUs } from "../lib/time/hours";

/**
 * `npm run bench:counts`: what counting latency costs ingest, the way Tracelight counts now against
 * the way it counted before, measured in one run on the same server. Before, each request added its
 * counts to the shared hourly rows (`INSERT … ON CONFLICT DO UPDATE`): requests counting the same
 * operation queue on its row locks until the one ahead commits. Now each request appends its rows to
 * a log (a plain INSERT, lib/db/save-spans.ts) that one process folds in the background
 * (lib/db/fold-counts.ts), whose cost is measured too, as part of the new way's.
 *
 * CLIENTS connections each commit TRANSACTIONS transactions, each counting one request's worth of
 * calls of the same few operations (every client the same ones: the busy service). Each transaction
 * also holds its locks for HOLD_MS, standing in for the rest of a request's transaction (COPY of the
 * spans, the summaries) during which a row lock taken early is held. The tables are scratch tables
 * of this run, shaped like Tracelight's, dropped at the end. Talks only to 127.0.0.1.
 */
const CLIENTS = 8;
const TRANSACTIONS = 150;
const OPERATIONS = 10;
const HOLD_MS = 5;
const DURATIONS_US = [800, 1_500, 3_000, 12_000, 40_000];

/** One request's counts as the hourly upsert took them: [service, operation, kind, hour, bucket, count, errors]. */
function hourRows(timeUs: number): (string | number)[][] {
  return Array.from({ length: OPERATIONS }, (_, op) =>
    DURATIONS_US.map((us) => ["shop", `GET /op${op}`, "SERVER", timeUs, bucketOf(us), 3, errorsOf(op)]),
  ).flat();
}

/** The same counts as ingest appends them now (lib/db/span-batch.ts): a row per operation and minute. */
function logRows(timeUs: number): (string | number | number[])[][] {
  return Array.from({ length: OPERATIONS }, (_, op) => [
    ...["shop", `GET /op${op}`, "SERVER", timeUs],
    DURATIONS_US.map(bucketOf),
    DURATIONS_US.map(() => 3),
    DURATIONS_US.map(() => errorsOf(op)),
  ]);
}

const errorsOf = (op: number) => (op % 3 === 0 ? 1 : 0);

const UPSERT_HOURS = `
INSERT INTO bench_counts_hours AS l (service_name, span_name, span_kind, hour_us, bucket, count, errors)
SELECT value->>0, value->>1, value->>2, (value->>3)::bigint, (value->>4)::smallint, (value->>5)::int, (value->>6)::int
FROM json_array_elements($1::json)
ON CONFLICT (service_name, span_name, span_kind, hour_us, bucket)
DO UPDATE SET count = l.count + excluded.count, errors = l.errors + excluded.errors`;

const APPEND_LOG = `
INSERT INTO bench_counts_log (service_name, span_name, span_kind, minute_us, buckets, counts, errors)
SELECT value->>0, value->>1, value->>2, (value->>3)::bigint, translate(value->>4, '[]', '{}')::smallint[],
  translate(value->>5, '[]', '{}')::int[], translate(value->>6, '[]', '{}')::int[]
FROM jsonb_array_elements($1::jsonb)`;

const FOLD = `
WITH deleted AS (DELETE FROM bench_counts_log RETURNING *),
taken AS (
  SELECT d.service_name, d.span_name, d.span_kind, d.minute_us, b.bucket, b.count, b.errors
  FROM deleted d, unnest(d.buckets, d.counts, d.errors) AS b(bucket, count, errors)),
minutes AS (
  INSERT INTO bench_counts_minutes AS m
  SELECT service_name, span_name, span_kind, minute_us, bucket, sum(count), sum(errors) FROM taken
  GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT (service_name, span_name, span_kind, minute_us, bucket)
  DO UPDATE SET count = m.count + excluded.count, errors = m.errors + excluded.errors)
INSERT INTO bench_counts_hours AS l
SELECT service_name, span_name, span_kind, minute_us / 3600000000 * 3600000000, bucket, sum(count), sum(errors)
FROM taken GROUP BY 1, 2, 3, 4, 5
ON CONFLICT (service_name, span_name, span_kind, hour_us, bucket)
DO UPDATE SET count = l.count + excluded.count, errors = l.errors + excluded.errors`;

const TABLES = `
CREATE TABLE bench_counts_hours (service_name text, span_name text, span_kind text, hour_us bigint,
  bucket smallint, count int, errors int, PRIMARY KEY (service_name, span_name, span_kind, hour_us, bucket));
CREATE TABLE bench_counts_minutes (service_name text, span_name text, span_kind text, minute_us bigint,
  bucket smallint, count int, errors int, PRIMARY KEY (service_name, span_name, span_kind, minute_us, bucket));
CREATE TABLE bench_counts_log (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, service_name text,
  span_name text, span_kind text, minute_us bigint, buckets smallint[], counts int[], errors int[])`;

async function timeClients(url: string, sql: string, rows: string): Promise<number> {
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      return client;
    }),
  );
  const started = performance.now();
  await Promise.all(
    clients.map(async (client) => {
      for (let i = 0; i < TRANSACTIONS; i++) {
        await client.query("BEGIN");
        await client.query(sql, [rows]);
        await client.query(`SELECT pg_sleep(${HOLD_MS / 1000})`);
        await client.query("COMMIT");
      }
    }),
  );
  const ms = performance.now() - started;
  await Promise.all(clients.map((client) => client.end()));
  return ms;
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
  if (new URL(url).hostname !== "127.0.0.1" && new URL(url).hostname !== "localhost") {
    throw new Error("bench:counts talks to a local PostgreSQL only");
  }
  const loadBefore = os.loadavg();
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const nowUs = Date.now() * 1000;
  const results: { upsertMs: number; appendMs: number; foldMs: number }[] = [];
  try {
    await admin.query(TABLES);
    for (let run = 0; run < 3; run++) {
      await admin.query("TRUNCATE bench_counts_hours, bench_counts_minutes, bench_counts_log");
      const upsertMs = await timeClients(url, UPSERT_HOURS, JSON.stringify(hourRows(floorHourUs(nowUs))));
      await admin.query("TRUNCATE bench_counts_hours");
      const appendMs = await timeClients(url, APPEND_LOG, JSON.stringify(logRows(floorMinuteUs(nowUs))));
      const foldStarted = performance.now();
      await admin.query(FOLD);
      results.push({ upsertMs, appendMs, foldMs: performance.now() - foldStarted });
    }
  } finally {
    await admin.query("DROP TABLE IF EXISTS bench_counts_hours, bench_counts_minutes, bench_counts_log");
    await admin.end();
  }
  const median = (pick: (r: (typeof results)[number]) => number) =>
    results.map(pick).sort((a, b) => a - b)[1] as number;
  const transactions = CLIENTS * TRANSACTIONS;
  const upsert = median((r) => r.upsertMs);
  const append = median((r) => r.appendMs + r.foldMs);
  console.log(`date: ${new Date().toISOString()}`);
  console.log(
    `machine: ${os.cpus()[0]?.model.trim()}, ${os.cpus().length} cores; load before: ${loadBefore.map((l) => l.toFixed(2)).join(", ")}`,
  );
  console.log(
    `workload: ${CLIENTS} connections × ${TRANSACTIONS} transactions, each counting ${OPERATIONS * DURATIONS_US.length} rows of the same ${OPERATIONS} operations and holding its locks ${HOLD_MS} ms; 3 runs, medians`,
  );
  console.log("| way | transactions/s | time ms |");
  console.log("|---|---:|---:|");
  console.log(
    `| before: upsert the hourly rows | ${Math.round(transactions / (upsert / 1000))} | ${Math.round(upsert)} |`,
  );
  console.log(
    `| now: append to the log + fold (${Math.round(median((r) => r.foldMs))} ms) | ${Math.round(transactions / (append / 1000))} | ${Math.round(append)} |`,
  );
  console.log(`now / before (throughput): ${(upsert / append).toFixed(2)}×`);
}

await main();
