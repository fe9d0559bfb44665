import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { SPAN_COLUMNS, toCopyText } from "../lib/db/copy-text";
import type { Span } from "../lib/model/span";

/**
 * The baseline ingest is compared with: the same rows as the server would store, written with raw
 * `COPY … FROM STDIN` into a plain table shaped like `spans` (same columns, defaults and primary key,
 * no partitions, no summaries). It is about the fastest PostgreSQL takes these rows, so the ratio says
 * how much of that the HTTP path keeps.
 */
export const COPY_TABLE = "bench_copy_spans";

const STREAM_CHUNK_BYTES = 64 * 1024;
const COPY_TIMEOUT_MS = 120_000;

export async function createCopyTable(client: pg.Client): Promise<void> {
  await client.query(
    `CREATE TABLE ${COPY_TABLE} (LIKE spans INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`,
  );
}

/** COPY text input for one connection. */
export interface CopyShard {
  text: Buffer;
  rows: number;
}

/** The rows as COPY text, dealt round-robin into `shards` inputs, one per connection. */
export function toCopyShards(rows: Span[], shards: number): CopyShard[] {
  return Array.from({ length: shards }, (_, shard) => {
    const shardRows = rows.filter((_, i) => i % shards === shard);
    return { text: Buffer.from(toCopyText(shardRows), "utf8"), rows: shardRows.length };
  });
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
  const copy = client.query(copyFrom(`COPY ${COPY_TABLE} (${SPAN_COLUMNS.join(", ")}) FROM STDIN`));
  await pipeline(Readable.from(chunks(shard.text)), copy);
  return copy.rowCount;
}

function* chunks(buffer: Buffer): Generator<Buffer> {
  for (let from = 0; from < buffer.length; from += STREAM_CHUNK_BYTES) {
    yield buffer.subarray(from, from + STREAM_CHUNK_BYTES);
  }
}
