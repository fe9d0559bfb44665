import os from "node:os";
import pg from "pg";
import { toCopyText } from "../lib/db/copy-text";
import { decodeZipkinV2 } from "../lib/ingest/zipkin-v2";
import { freePort } from "../lib/net/free-port";
import { startTestServer, type TestServer } from "../test/test-server";
import {
  COPY_TABLE,
  type CopyShard,
  createCopyTable,
  decodeSpans,
  timeCopy,
  toCopyShards,
} from "./copy-baseline";
import { postBodies } from "./post-bodies";
import { formatReport, percentile, type RunResult } from "./report";
import { countTraces, generateSpans, toBodies } from "./workload";

/**
 * `npm run bench:ingest`: Zipkin v2 JSON through the real server against raw COPY of the same rows,
 * both measured in this run on the same database, so the result is a ratio that holds across machines
 * (the target is ingest ≥ 0.5× COPY), never an absolute time to assert on.
 *
 * Each of RUNS runs ingests a fresh copy of the workload (new trace ids, nothing deduplicated) and
 * COPYs the same rows; the tables are emptied and checkpointed between measurements so that no run
 * pays for another's dirty pages. The median run is reported.
 */
const RUNS = 5;
const SPANS = 100_000;
const SPANS_PER_BODY = 1_000;
const IN_FLIGHT = 4;
const WARM_UP_BODIES = 8;
const TARGET_RATIO = 0.5;
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

interface Workload {
  traces: number;
  /** Request bodies, UTF-8 encoded before the clock starts. */
  bodies: Buffer[];
  /** The baseline: one raw COPY of every row. */
  copy: CopyShard[];
  /** A stricter one: the rows split over IN_FLIGHT connections copying at once. */
  parallelCopy: CopyShard[];
}

async function main(): Promise<void> {
  assertLoopback(process.env.DATABASE_URL);
  const loadBefore = os.loadavg();
  const nowUs = Date.now() * 1000;
  const workloads = Array.from({ length: RUNS }, (_, run) => prepareWorkload(run, nowUs));
  const nodeWorkMs = timeServerNodeWork(workloads[0]?.bodies ?? []);
  const warmUp = toBodies(generateSpans(RUNS, WARM_UP_BODIES * SPANS_PER_BODY, nowUs), SPANS_PER_BODY);

  const server = await startTestServer(await freePort());
  const admin = new pg.Client({ connectionString: server.databaseUrl });
  try {
    await admin.connect();
    await createCopyTable(admin);
    // The first requests load the route and warm the JIT; they are not what is measured.
    await postBodies(
      ingestUrl(server),
      warmUp.map((body) => Buffer.from(body)),
      IN_FLIGHT,
    );
    await resetTables(admin);
    const results: RunResult[] = [];
    for (const [run, workload] of workloads.entries()) {
      results.push(await measureRun(server, admin, workload));
      console.log(`run ${run + 1}/${RUNS} done`);
    }
    const report = formatReport(results, {
      date: new Date(),
      workload: `${SPANS} spans in ${workloads[0]?.traces} traces, bodies of ${SPANS_PER_BODY}, ${IN_FLIGHT} requests at once`,
      postgres: await postgresVersion(admin),
      loadBefore,
      nodeWorkMs,
      targetRatio: TARGET_RATIO,
    });
    console.log(`\n${report}`);
  } finally {
    await admin.query(`DROP TABLE IF EXISTS ${COPY_TABLE}`).catch(() => undefined);
    await admin.end().catch(() => undefined);
    await server.stop();
  }
}

function prepareWorkload(run: number, nowUs: number): Workload {
  const spans = generateSpans(run, SPANS, nowUs);
  const bodies = toBodies(spans, SPANS_PER_BODY);
  const decoded = decodeSpans(bodies);
  return {
    traces: countTraces(spans),
    bodies: bodies.map((body) => Buffer.from(body)),
    copy: toCopyShards(decoded, 1),
    parallelCopy: toCopyShards(decoded, IN_FLIGHT),
  };
}

async function measureRun(server: TestServer, admin: pg.Client, workload: Workload): Promise<RunResult> {
  const ingest = await postBodies(ingestUrl(server), workload.bodies, IN_FLIGHT);
  const { rows } = await admin.query<{ stored: number }>("SELECT count(*)::int AS stored FROM spans");
  if (rows[0]?.stored !== SPANS) throw new Error(`ingest stored ${rows[0]?.stored} spans, expected ${SPANS}`);
  await resetTables(admin);
  const copyMs = await timeCopy(server.databaseUrl, workload.copy);
  await resetTables(admin);
  const parallelCopyMs = await timeCopy(server.databaseUrl, workload.parallelCopy);
  await resetTables(admin);
  return {
    ingestSpansPerS: SPANS / (ingest.elapsedMs / 1000),
    copySpansPerS: SPANS / (copyMs / 1000),
    parallelCopySpansPerS: SPANS / (parallelCopyMs / 1000),
    p50Ms: percentile(ingest.latenciesMs, 0.5),
    p95Ms: percentile(ingest.latenciesMs, 0.95),
  };
}

/**
 * What the server's Node thread does with one run's bodies besides HTTP, timed here in this process:
 * parse, decode and render them as COPY text. A lower bound on the Node
 * side of ingest, which shares the machine's cores with PostgreSQL.
 */
function timeServerNodeWork(bodies: Buffer[]): number {
  const started = performance.now();
  for (const body of bodies) toCopyText(decodeZipkinV2(JSON.parse(body.toString("utf8"))).spans);
  return performance.now() - started;
}

async function resetTables(admin: pg.Client): Promise<void> {
  await admin.query(`TRUNCATE spans, traces, service_operations, ${COPY_TABLE}`);
  await admin.query("CHECKPOINT");
}

function ingestUrl(server: TestServer): string {
  return `${server.baseUrl}/api/v2/spans`;
}

/** The benchmark empties tables; it must only ever touch a database on this machine. */
function assertLoopback(databaseUrl: string | undefined): void {
  if (databaseUrl && !LOOPBACK.has(new URL(databaseUrl).hostname)) {
    throw new Error(`DATABASE_URL must name a server on 127.0.0.1, got ${new URL(databaseUrl).hostname}`);
  }
}

async function postgresVersion(admin: pg.Client): Promise<string> {
  const { rows } = await admin.query<{ server_version: string }>("SHOW server_version");
  return rows[0]?.server_version ?? "unknown";
}

main().catch((error: Error) => {
  console.error(`bench:ingest failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
