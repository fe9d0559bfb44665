import pg from "pg";
import { decodeZipkinV2 } from "../lib/ingest/zipkin/v2";
import { freePort } from "../lib/net/free-port";
import { startTestServer } from "../test/test-server";
import { WIRE_FORMATS, type WireFormat } from "./formats";
import { postBodies } from "./post-bodies";
import { CpuMeter, pidsMatching } from "./proc-cpu";
import { generateSpans } from "./workload";

/**
 * `node --import tsx bench/capacity.ts`, run by hand for docs/scaling.md's capacity model (not part of
 * `npm run bench`): for each wire format, ingest SPANS spans of the ingest benchmark's workload into
 * emptied tables, wait until their dependency links are derived and their counts folded, then measure
 *
 * - bytes on disk per span (pg_total_relation_size: heap, TOAST and indexes), per table;
 * - CPU seconds of the Node server and of this database's PostgreSQL backends, from /proc, while
 *   ingesting and while deriving/folding afterwards — so spans per core-second hold however busy the
 *   machine is with other work (wall-clock spans/s do not; they come from BENCHMARKS.md).
 *
 * Needs Linux and DATABASE_URL on a PostgreSQL of this machine (its backends are read from /proc).
 */
const SPANS = 100_000;
const SPANS_PER_BODY = 1_000;
const IN_FLIGHT = 4;
const DRAIN_TIMEOUT_MS = 10 * 60_000;
const DATA_TABLES = [
  "spans",
  "traces",
  "link_queue",
  "trace_links",
  "trace_paths",
  "dependency_links",
  "service_paths",
  "operation_latency",
  "operation_minutes",
  "operation_counts_log",
];

interface FormatCapacity {
  format: string;
  traces: number;
  wireBytesPerSpan: number;
  /** Bytes per table (partitions summed under their parent), after the empty tables' own. */
  tableBytes: Map<string, number>;
  ingestS: number;
  ingestNodeCpuS: number;
  ingestDbCpuS: number;
  drainS: number;
  drainNodeCpuS: number;
  drainDbCpuS: number;
  sharedDbCpuS: number;
}

async function main(): Promise<void> {
  const databaseServer = process.env.DATABASE_URL;
  if (!databaseServer || new URL(databaseServer).hostname !== "127.0.0.1") {
    throw new Error("DATABASE_URL must name a PostgreSQL on 127.0.0.1 (its backends are read from /proc)");
  }
  const nowUs = Date.now() * 1000;
  const server = await startTestServer(await freePort(), { peerPorts: false });
  const database = new URL(server.databaseUrl).pathname.slice(1);
  const admin = new pg.Client({ connectionString: server.databaseUrl });
  try {
    await admin.connect();
    for (const [index, format] of WIRE_FORMATS.entries()) {
      await postBodies(
        `${server.baseUrl}${format.path}`,
        encode(format, 900 + index, 8_000, nowUs),
        4,
        format,
      );
    }
    await drain(admin);
    const results: FormatCapacity[] = [];
    for (const [index, format] of WIRE_FORMATS.entries()) {
      results.push(
        await measure(server.baseUrl, admin, database, server.child.pid as number, format, index, nowUs),
      );
      console.log(`${format.name} done`);
    }
    console.log(`\n${report(results)}`);
  } finally {
    await admin.end().catch(() => undefined);
    await server.stop();
  }
}

async function measure(
  baseUrl: string,
  admin: pg.Client,
  database: string,
  serverPid: number,
  format: WireFormat,
  index: number,
  nowUs: number,
): Promise<FormatCapacity> {
  await admin.query(`TRUNCATE ${DATA_TABLES.join(", ")}`);
  await admin.query("VACUUM ANALYZE");
  await admin.query("CHECKPOINT");
  const empty = await tableBytes(admin);
  const bodies = encode(format, index, SPANS, nowUs);
  const node = new CpuMeter(() => [serverPid]);
  // Client backends and autovacuum workers of this database show its name in their ps display.
  const db = new CpuMeter(() => pidsMatching(["postgres: ", ` ${database}`]));
  const shared = new CpuMeter(() =>
    ["walwriter", "checkpointer", "background writer"].flatMap((role) => pidsMatching(["postgres: ", role])),
  );
  for (const meter of [node, db, shared]) meter.start();
  const ingest = await postBodies(`${baseUrl}${format.path}`, bodies, IN_FLIGHT, format);
  const ingestNodeCpuS = node.stop();
  const ingestDbCpuS = db.stop();
  const drainNode = new CpuMeter(() => [serverPid]);
  const drainDb = new CpuMeter(() => pidsMatching(["postgres: ", ` ${database}`]));
  drainNode.start();
  drainDb.start();
  const drainStarted = performance.now();
  await drain(admin);
  const drainS = (performance.now() - drainStarted) / 1000;
  const drainNodeCpuS = drainNode.stop();
  const drainDbCpuS = drainDb.stop();
  const sharedDbCpuS = shared.stop();
  await admin.query("VACUUM ANALYZE");
  const full = await tableBytes(admin);
  const { rows } = await admin.query<{ spans: number; traces: number }>(
    "SELECT (SELECT count(*) FROM spans)::int AS spans, (SELECT count(*) FROM traces)::int AS traces",
  );
  if (rows[0]?.spans !== SPANS)
    throw new Error(`${format.name}: stored ${rows[0]?.spans} spans, expected ${SPANS}`);
  const bytes = new Map([...full].map(([table, size]) => [table, size - (empty.get(table) ?? 0)]));
  return {
    format: format.name,
    traces: rows[0].traces,
    wireBytesPerSpan: bodies.reduce((sum, body) => sum + body.length, 0) / SPANS,
    tableBytes: bytes,
    ingestS: ingest.elapsedMs / 1000,
    ingestNodeCpuS,
    ingestDbCpuS,
    drainS,
    drainNodeCpuS,
    drainDbCpuS,
    sharedDbCpuS,
  };
}

function encode(format: WireFormat, seed: number, count: number, nowUs: number): Buffer[] {
  return format.encode(decodeZipkinV2(generateSpans(seed, count, nowUs)).spans, SPANS_PER_BODY);
}

/** Waits until every queued trace has its links and every logged count is folded. */
async function drain(admin: pg.Client): Promise<void> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const { rows } = await admin.query<{ pending: number }>(
      "SELECT (SELECT count(*) FROM link_queue) + (SELECT count(*) FROM operation_counts_log) AS pending",
    );
    if (Number(rows[0]?.pending) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("links and counts were not drained in 10 minutes");
}

/** Bytes on disk per table, heap + TOAST + indexes, spans' partitions summed under spans. */
async function tableBytes(admin: pg.Client): Promise<Map<string, number>> {
  const { rows } = await admin.query<{ name: string; bytes: string }>(
    `SELECT coalesce(p.relname, c.relname) AS name, sum(pg_total_relation_size(c.oid)) AS bytes
     FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
     LEFT JOIN pg_inherits i ON i.inhrelid = c.oid
     LEFT JOIN pg_class p ON p.oid = i.inhparent
     WHERE c.relkind = 'r' AND c.relname <> '_prisma_migrations'
     GROUP BY 1`,
  );
  return new Map(rows.map((row) => [row.name, Number(row.bytes)]));
}

function report(results: FormatCapacity[]): string {
  const tables = [...new Set(results.flatMap((result) => [...result.tableBytes.keys()]))].sort();
  const perSpan = (result: FormatCapacity, table: string) => (result.tableBytes.get(table) ?? 0) / SPANS;
  const total = (result: FormatCapacity) => tables.reduce((sum, table) => sum + perSpan(result, table), 0);
  const lines = [
    `${SPANS} spans per format, bodies of ${SPANS_PER_BODY} spans, ${IN_FLIGHT} in flight`,
    "",
    `| format | traces | wire B/span | ${tables.join(" | ")} | total B/span |`,
    `| --- | ---: | ---: | ${tables.map(() => "---:").join(" | ")} | ---: |`,
    ...results.map(
      (r) =>
        `| ${r.format} | ${r.traces} | ${r.wireBytesPerSpan.toFixed(0)} | ${tables.map((t) => perSpan(r, t).toFixed(1)).join(" | ")} | ${total(r).toFixed(0)} |`,
    ),
    "",
    "| format | ingest s | Node CPU s | DB CPU s | spans per Node core-s | spans per DB core-s | drain s | drain Node CPU s | drain DB CPU s | shared PG CPU s |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...results.map(
      (r) =>
        `| ${r.format} | ${r.ingestS.toFixed(2)} | ${r.ingestNodeCpuS.toFixed(2)} | ${r.ingestDbCpuS.toFixed(2)} | ${(SPANS / r.ingestNodeCpuS).toFixed(0)} | ${(SPANS / r.ingestDbCpuS).toFixed(0)} | ${r.drainS.toFixed(1)} | ${r.drainNodeCpuS.toFixed(2)} | ${r.drainDbCpuS.toFixed(2)} | ${r.sharedDbCpuS.toFixed(2)} |`,
    ),
  ];
  return lines.join("\n");
}

main().catch((error: Error) => {
  console.error(`bench:capacity failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
