import os from "node:os";
import pg from "pg";
import { toCopyText } from "../lib/db/copy-text";
import { decodeZipkinV2 } from "../lib/ingest/zipkin/v2";
import type { Span } from "../lib/model/span";
import { freePort } from "../lib/net/free-port";
import { startTestServer, type TestServer } from "../test/test-server";
import {
  type CopyShard,
  createCopyTables,
  dropCopyTables,
  PLAIN_TABLE,
  SAME_INDEXES_TABLE,
  timeCopy,
  toPlainShards,
  toSameIndexesShard,
} from "./copy-baseline";
import { WIRE_FORMATS, type WireFormat } from "./formats";
import { postBodies } from "./post-bodies";
import { type FormatResult, formatReport, percentile, type RunResult } from "./report";
import { generateSpans } from "./workload";

/**
 * `npm run bench:ingest`: the same spans sent through the real server in every wire format it takes,
 * each against raw COPY of the same spans (bench/copy-baseline.ts: into a fixed plain span table, the
 * target's baseline, and into a table with Tracelight's own indexes), all measured in this run on the
 * same database, so each result is a ratio that holds across machines, never an absolute time to
 * assert on.
 *
 * Each of RUNS rounds ingests, for every format in turn, a fresh copy of the workload (new trace ids,
 * nothing deduplicated) and then COPYs the spans that format's decoder makes of it; the tables are
 * emptied and checkpointed between measurements so that none pays for another's dirty pages. The
 * median per format is reported.
 */
const RUNS = 3;
const SPANS = 100_000;
const SPANS_PER_BODY = 1_000;
const IN_FLIGHT = 4;
const WARM_UP_SPANS = 8 * SPANS_PER_BODY;
// The foundation issue's target for Zipkin v2 JSON, the first format; the others are reported beside it.
const TARGET_RATIO = 0.5;
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

interface Workload {
  traces: number;
  /** Request bodies, encoded before the clock starts. */
  bodies: Buffer[];
  /** The baseline: one raw COPY into the plain table of every span the format's decoder makes. */
  copy: CopyShard[];
  /** A stricter one: the rows split over IN_FLIGHT connections copying at once. */
  parallelCopy: CopyShard[];
  /** The server's own COPY text into a table with the indexes of `spans`, on one connection. */
  sameIndexesCopy: CopyShard[];
}

async function main(): Promise<void> {
  assertLoopback(process.env.DATABASE_URL);
  const loadBefore = os.loadavg();
  const nowUs = Date.now() * 1000;
  const server = await startTestServer(await freePort(), { peerPorts: false });
  const admin = new pg.Client({ connectionString: server.databaseUrl });
  try {
    await admin.connect();
    await createCopyTables(admin);
    // The first requests of each format load its route and warm the JIT; they are not measured.
    for (const [index, format] of WIRE_FORMATS.entries()) {
      const warmUp = format.encode(canonicalSpans(1000 + index, WARM_UP_SPANS, nowUs), SPANS_PER_BODY);
      await postBodies(ingestUrl(server, format), warmUp, IN_FLIGHT, format);
    }
    await resetTables(admin);
    const results: FormatResult[] = WIRE_FORMATS.map((format) => ({
      format: format.name,
      runs: [],
      nodeWorkMs: 0,
    }));
    let traces = 0;
    for (let run = 0; run < RUNS; run++) {
      for (const [index, format] of WIRE_FORMATS.entries()) {
        const workload = prepareWorkload(run * WIRE_FORMATS.length + index, nowUs, format);
        traces = workload.traces;
        const result = results[index] as FormatResult;
        if (run === 0) result.nodeWorkMs = timeServerNodeWork(workload.bodies, format);
        result.runs.push(await measureRun(server, admin, workload, format));
      }
      console.log(`round ${run + 1}/${RUNS} done`);
    }
    const report = formatReport(results, {
      date: new Date(),
      workload: `${SPANS} spans in ${traces} traces, bodies of ${SPANS_PER_BODY} spans (Jaeger: one service per body), ${IN_FLIGHT} requests at once, ${RUNS} runs per format`,
      postgres: await postgresVersion(admin),
      loadBefore,
      targetRatio: TARGET_RATIO,
    });
    console.log(`\n${report}`);
  } finally {
    await dropCopyTables(admin).catch(() => undefined);
    await admin.end().catch(() => undefined);
    await server.stop();
  }
}

function prepareWorkload(seedRun: number, nowUs: number, format: WireFormat): Workload {
  const spans = canonicalSpans(seedRun, SPANS, nowUs);
  const bodies = format.encode(spans, SPANS_PER_BODY);
  const decoded = bodies.flatMap((body) => format.decode(body).spans);
  return {
    traces: new Set(spans.map((span) => span.traceId)).size,
    bodies,
    copy: toPlainShards(decoded, 1),
    parallelCopy: toPlainShards(decoded, IN_FLIGHT),
    sameIndexesCopy: [toSameIndexesShard(decoded)],
  };
}

async function measureRun(
  server: TestServer,
  admin: pg.Client,
  workload: Workload,
  format: WireFormat,
): Promise<RunResult> {
  const ingest = await postBodies(ingestUrl(server, format), workload.bodies, IN_FLIGHT, format);
  const { rows } = await admin.query<{ stored: number }>("SELECT count(*)::int AS stored FROM spans");
  if (rows[0]?.stored !== SPANS) {
    throw new Error(`${format.name}: ingest stored ${rows[0]?.stored} spans, expected ${SPANS}`);
  }
  await resetTables(admin);
  const copyMs = await timeCopy(server.databaseUrl, workload.copy);
  await resetTables(admin);
  const parallelCopyMs = await timeCopy(server.databaseUrl, workload.parallelCopy);
  await resetTables(admin);
  const sameIndexesCopyMs = await timeCopy(server.databaseUrl, workload.sameIndexesCopy);
  await resetTables(admin);
  return {
    ingestSpansPerS: SPANS / (ingest.elapsedMs / 1000),
    copySpansPerS: SPANS / (copyMs / 1000),
    parallelCopySpansPerS: SPANS / (parallelCopyMs / 1000),
    sameIndexesCopySpansPerS: SPANS / (sameIndexesCopyMs / 1000),
    p50Ms: percentile(ingest.latenciesMs, 0.5),
    p95Ms: percentile(ingest.latenciesMs, 0.95),
  };
}

/** The workload as canonical spans, which each format then encodes as its tracers would. */
function canonicalSpans(seedRun: number, count: number, nowUs: number): Span[] {
  return decodeZipkinV2(generateSpans(seedRun, count, nowUs)).spans;
}

/**
 * What the server's Node thread does with one run's bodies besides HTTP, timed here in this process:
 * decode them and render them as COPY text. A lower bound on the Node side of ingest, which shares
 * the machine's cores with PostgreSQL.
 */
function timeServerNodeWork(bodies: Buffer[], format: WireFormat): number {
  const started = performance.now();
  for (const body of bodies) toCopyText(format.decode(body).spans);
  return performance.now() - started;
}

async function resetTables(admin: pg.Client): Promise<void> {
  await admin.query(`TRUNCATE spans, traces, service_operations, ${PLAIN_TABLE}, ${SAME_INDEXES_TABLE}`);
  await admin.query("CHECKPOINT");
}

function ingestUrl(server: TestServer, format: WireFormat): string {
  return `${server.baseUrl}${format.path}`;
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
