import os from "node:os";
import pg from "pg";
import { decodeZipkinV2 } from "../lib/ingest/zipkin/v2";
import type { Span } from "../lib/model/span";
import { freePort } from "../lib/net/free-port";
import { startTestServer } from "../test/test-server";
import { WIRE_FORMATS } from "./formats";
import { postBodies } from "./post-bodies";
import { generateSpans } from "./workload";

/**
 * What the benchmarks that query a real server share: the server itself, storing spans through its
 * ingest path, timing one call, checking an answer, and the lines that say where and when a run was
 * made.
 */
const ZIPKIN_JSON = WIRE_FORMATS[0] as (typeof WIRE_FORMATS)[number];
const SPANS_PER_BODY = 1000;
const IN_FLIGHT = 4;

/**
 * Runs `bench` against a real server on a fresh database (test/test-server.ts), with a pg client on
 * that database; this process's lib/db uses it too (imported dynamically after this sets
 * DATABASE_URL). Stops and drops everything afterwards, whatever happened; a `databaseUrl` of the
 * caller's is used instead of a fresh one and kept.
 */
export async function withBenchServer(
  bench: (server: { baseUrl: string; client: pg.Client }) => Promise<void>,
  databaseUrl?: string,
): Promise<void> {
  const server = await startTestServer(await freePort(), { peerPorts: false, databaseUrl });
  process.env.DATABASE_URL = server.databaseUrl; // lib/db reads it on first use
  const client = new pg.Client({ connectionString: server.databaseUrl });
  try {
    await client.connect();
    await bench({ baseUrl: server.baseUrl, client });
  } finally {
    await client.end().catch(() => undefined);
    const { closeDb } = await import("../lib/db/pool");
    await closeDb();
    await server.stop();
  }
}

/** The benchmarks' million spans: ten batches of 100,000 of the shop workload. */
export const SHOP_BATCHES = 10;
export const SPANS_PER_BATCH = 100_000;
export const SHOP_SPANS = SHOP_BATCHES * SPANS_PER_BATCH;

/**
 * Stores SHOP_SPANS spans of the shop workload (bench/workload.ts: about ten spans a trace, starting
 * in the ten minutes before `nowUs`) as Zipkin v2 JSON, 1,000 spans a body, four bodies in flight.
 * Batches differ only in their trace ids.
 */
export async function storeShopWorkload(baseUrl: string, nowUs: number): Promise<void> {
  for (let batch = 0; batch < SHOP_BATCHES; batch++) {
    await storeSpans(baseUrl, decodeZipkinV2(generateSpans(batch, SPANS_PER_BATCH, nowUs)).spans);
    console.log(`stored ${(batch + 1) * SPANS_PER_BATCH} spans`);
  }
}

/** Stores spans the way storeShopWorkload does; returns once every body is committed. */
export async function storeSpans(baseUrl: string, spans: Span[]): Promise<void> {
  await postBodies(
    `${baseUrl}${ZIPKIN_JSON.path}`,
    ZIPKIN_JSON.encode(spans, SPANS_PER_BODY),
    IN_FLIGHT,
    ZIPKIN_JSON,
  );
}

/** Wall-clock ms of one call. */
export async function timeMs(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

/** Reads the whole answer (its transfer is part of the time) and fails on anything but 2xx. */
export async function expectOk(response: Response): Promise<void> {
  const body = await response.text();
  if (!response.ok) throw new Error(`${response.status}: ${body.slice(0, 300)}`);
}

/** Date, machine, versions and the load average taken before the run, one per line. */
export async function describeRun(client: pg.Client, loadBefore: number[]): Promise<string[]> {
  const { rows } = await client.query<{ server_version: string }>("SHOW server_version");
  const cpus = os.cpus();
  return [
    `date: ${new Date().toISOString()}`,
    `machine: ${cpus[0]?.model ?? "unknown CPU"}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    `Node ${process.version}, PostgreSQL ${rows[0]?.server_version}`,
    `load average before the run: ${loadBefore.map((load) => load.toFixed(2)).join(", ")}`,
  ];
}
