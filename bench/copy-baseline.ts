import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { SPAN_COLUMNS, toCopyText } from "../lib/db/copy-text";
import type { Span } from "../lib/model/span";

/**
 * The baselines ingest is compared with: the same spans written with raw `COPY … FROM STDIN`, about
 * the fastest PostgreSQL takes them, so a ratio says how much of that the HTTP path keeps.
 *
 * - PLAIN_TABLE, the fixed one the targets are set against: a plain span table as any tracing store
 *   would have, defined here once and for all. It is deliberately NOT derived from Tracelight's own
 *   schema, so that adding an index or a column to `spans` shows up as a lower ratio instead of moving
 *   the goalpost with it.
 * - SAME_INDEXES_TABLE: a table `LIKE spans INCLUDING INDEXES` (no partitions, no summaries), fed the
 *   exact COPY text the server writes: what Tracelight's own indexes cost, reported beside the other.
 */
export const PLAIN_TABLE = "bench_plain_spans";
export const SAME_INDEXES_TABLE = "bench_copy_spans";

// A primary key, two btree indexes (by service and by span name, newest first) and the tags as jsonb.
// Do not change it: every ratio in BENCHMARKS.md from 2026-12-06 on is measured against this table.
const PLAIN_TABLE_DDL = [
  `CREATE TABLE ${PLAIN_TABLE} (
    trace_id text NOT NULL,
    span_id text NOT NULL,
    shared boolean NOT NULL,
    parent_id text,
    name text NOT NULL,
    kind text NOT NULL,
    service_name text NOT NULL,
    remote_service_name text,
    start_us bigint NOT NULL,
    duration_us bigint NOT NULL,
    tags jsonb NOT NULL,
    PRIMARY KEY (trace_id, span_id, shared, start_us))`,
  `CREATE INDEX ON ${PLAIN_TABLE} (service_name, start_us DESC)`,
  `CREATE INDEX ON ${PLAIN_TABLE} (name, start_us DESC)`,
];
const PLAIN_COLUMNS = [
  "trace_id",
  "span_id",
  "shared",
  "parent_id",
  "name",
  "kind",
  "service_name",
  "remote_service_name",
  "start_us",
  "duration_us",
  "tags",
];

const STREAM_CHUNK_BYTES = 64 * 1024;
const COPY_TIMEOUT_MS = 120_000;

export async function createCopyTables(client: pg.Client): Promise<void> {
  for (const statement of PLAIN_TABLE_DDL) await client.query(statement);
  await client.query(
    `CREATE TABLE ${SAME_INDEXES_TABLE} (LIKE spans INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`,
  );
}

export async function dropCopyTables(client: pg.Client): Promise<void> {
  await client.query(`DROP TABLE IF EXISTS ${PLAIN_TABLE}, ${SAME_INDEXES_TABLE}`);
}

/** COPY text input for one connection, and the statement that reads it. */
export interface CopyShard {
  sql: string;
  text: Buffer;
  rows: number;
}

/** The rows as COPY text for PLAIN_TABLE, dealt round-robin into `shards` inputs, one per connection. */
export function toPlainShards(rows: Span[], shards: number): CopyShard[] {
  const sql = `COPY ${PLAIN_TABLE} (${PLAIN_COLUMNS.join(", ")}) FROM STDIN`;
  return deal(rows, shards).map((shardRows) => ({
    sql,
    text: Buffer.from(toPlainCopyText(shardRows), "utf8"),
    rows: shardRows.length,
  }));
}

/** The rows as the server's own COPY text for SAME_INDEXES_TABLE, on one connection. */
export function toSameIndexesShard(rows: Span[]): CopyShard {
  return {
    sql: `COPY ${SAME_INDEXES_TABLE} (${SPAN_COLUMNS.join(", ")}) FROM STDIN`,
    text: Buffer.from(toCopyText(rows), "utf8"),
    rows: rows.length,
  };
}

function deal<T>(rows: T[], shards: number): T[][] {
  return Array.from({ length: shards }, (_, shard) => rows.filter((_, i) => i % shards === shard));
}

const NULL = "\\N";
const copyEscape = (text: string) =>
  text.replace(/[\\\t\n\r]/g, (c) => ({ "\t": "\\t", "\n": "\\n", "\r": "\\r" })[c] ?? "\\\\");

function toPlainCopyText(spans: Span[]): string {
  let text = "";
  for (const span of spans) {
    text +=
      `${span.traceId}\t${span.spanId}\t${span.shared ? "t" : "f"}\t${span.parentSpanId ?? NULL}\t` +
      `${copyEscape(span.name)}\t${span.kind}\t${copyEscape(span.serviceName)}\t` +
      `${span.remoteServiceName === undefined ? NULL : escape(span.remoteServiceName)}\t` +
      `${span.startUs}\t${span.durationUs}\t${copyEscape(JSON.stringify(span.attributes))}\n`;
  }
  return text;
}

/**
 * Runs one COPY per shard, each on its own connection, all at once; resolves with the milliseconds
 * from the first COPY starting to the last one committing. Connections are opened before the clock
 * starts, as a server's pool would be.
 */
export async function timeCopy(databaseUrl: string, shards: CopyShard[]): Promise<number> {
  const clients = shards.map(
    () => new pg.Client({ connectionString: databaseUrl, statement_timeout: COPY_TIMEOUT_MS }),
  );
  try {
    await Promise.all(clients.map((client) => client.connect()));
    const started = performance.now();
    const copied = await Promise.all(shards.map((shard, i) => copyShard(clients[i] as pg.Client, shard)));
    const elapsedMs = performance.now() - started;
    const expected = shards.reduce((sum, shard) => sum + shard.rows, 0);
    const total = copied.reduce((sum, rows) => sum + rows, 0);
    if (total !== expected) throw new Error(`COPY stored ${total} rows, expected ${expected}`);
    return elapsedMs;
  } finally {
    await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
  }
}

async function copyShard(client: pg.Client, shard: CopyShard): Promise<number> {
  const copy = client.query(copyFrom(shard.sql));
  await pipeline(Readable.from(chunks(shard.text)), copy);
  return copy.rowCount;
}

function* chunks(buffer: Buffer): Generator<Buffer> {
  for (let from = 0; from < buffer.length; from += STREAM_CHUNK_BYTES) {
    yield buffer.subarray(from, from + STREAM_CHUNK_BYTES);
  }
}
