import os from "node:os";
import type pg from "pg";
import { SPAN_ROW_COLUMNS } from "../lib/db/span-rows";
import type { Span } from "../lib/model/span";
import type { SearchQuery } from "../lib/search/query";
import {
  describeRun,
  expectOk,
  SHOP_SPANS,
  storeShopWorkload,
  storeSpans,
  withBenchServer,
} from "./real-server";
import { interleaved, percentile } from "./report";
import { SERVICES } from "./shop-services";

/**
 * `npm run bench:search`: 1M spans (100k traces of the shop workload: 12 services, 60 span names,
 * HTTP routes, status codes, paths with 100k distinct values) and one trace of 10k spans, stored
 * through the real ingest path; then each query shape timed three ways, interleaved, in the same run:
 * - **core**: lib/db/search.ts, what every API calls, in this process;
 * - **API**: Zipkin's `GET /api/v2/traces` on the real server (HTTP, parameters, JSON included);
 * - **raw SQL**: the same query hand-written as one statement returning the same rows.
 * Targets (ratios, never times): search p95 ≤ 1.5× raw SQL; trace-by-id of 10k spans ≤ 2× raw SELECT.
 */
const BIG_TRACE_SPANS = 10_000;
const ITERATIONS = 40;
const WARM_UP = 5;
const LIMIT = 10;

interface Shape {
  name: string;
  zipkin: (service: string) => Record<string, string>;
  core: (service: string) => Partial<SearchQuery>;
  /** The span filters of the raw statement, on spans `s`, with `$1` the service. */
  rawFilter: string;
}

const SHAPES: Shape[] = [
  {
    name: "service",
    zipkin: (service) => ({ serviceName: service }),
    core: (service) => ({ serviceName: service }),
    rawFilter: "s.service_name = $1",
  },
  {
    name: "service + span name",
    zipkin: (service) => ({ serviceName: service, spanName: routeOf(service) }),
    core: (service) => ({ serviceName: service, spanName: routeOf(service) }),
    rawFilter: "s.service_name = $1 AND s.name = $2",
  },
  {
    name: "service + tag",
    zipkin: (service) => ({ serviceName: service, annotationQuery: "http.status_code=500" }),
    core: (service) => ({ serviceName: service, tags: [{ key: "http.status_code", value: "500" }] }),
    rawFilter: "s.service_name = $1 AND s.search_terms @> ARRAY['http.status_code=500']",
  },
  {
    name: "service + min duration",
    zipkin: (service) => ({ serviceName: service, minDuration: "100000" }),
    core: (service) => ({ serviceName: service, minDurationUs: 100_000 }),
    rawFilter: "s.service_name = $1 AND s.duration_us >= 100000",
  },
  {
    name: "tag only (error)",
    zipkin: () => ({ annotationQuery: "error" }),
    core: () => ({ tags: [{ key: "error" }] }),
    rawFilter: "s.search_terms @> ARRAY['error']",
  },
];

const routeOf = (service: string) =>
  SERVICES.find((candidate) => candidate.name === service)?.routes[0] ?? "";

async function main(): Promise<void> {
  const loadBefore = os.loadavg();
  const nowUs = Date.now() * 1000;
  await withBenchServer(async ({ baseUrl, client }) => {
    const { searchTraces } = await import("../lib/db/search");
    const bigTraceId = await load(baseUrl, nowUs);
    // ANALYZE, not VACUUM: the GIN index's pending list stays as steady ingest leaves it, and searches scan it.
    await client.query("ANALYZE");
    const window = { startUs: nowUs - 3_600_000_000, endUs: nowUs + 60_000_000 };
    const rows: string[] = [];
    for (const shape of SHAPES) {
      const service = (round: number) => SERVICES[round % SERVICES.length]?.name as string;
      const timings = await interleaved(WARM_UP, ITERATIONS, {
        core: (round) =>
          searchTraces(
            { tags: [], ...window, limit: LIMIT, ignoreCase: true, ...shape.core(service(round)) },
            60_000,
          ),
        api: async (round) => {
          const params = new URLSearchParams({
            endTs: String(Math.round(window.endUs / 1000)),
            lookback: "3660000",
            limit: String(LIMIT),
            ...shape.zipkin(service(round)),
          });
          await expectOk(await fetch(`${baseUrl}/api/v2/traces?${params}`));
        },
        raw: (round) => rawSearch(client, shape, service(round), window),
      });
      rows.push(row(shape.name, timings, 1.5));
    }
    const byId = await interleaved(WARM_UP, ITERATIONS, {
      api: async () => expectOk(await fetch(`${baseUrl}/api/v2/trace/${bigTraceId}`)),
      raw: () => client.query("SELECT * FROM spans WHERE trace_id = $1", [bigTraceId]),
    });
    console.log(
      [
        "",
        ...(await describeRun(client, loadBefore)),
        `data: ${SHOP_SPANS} spans in about ${SHOP_SPANS / 10} traces, plus one trace of ${BIG_TRACE_SPANS} spans; ${ITERATIONS} queries per shape and way, limit ${LIMIT}`,
        "",
        "| query | core p50 ms | core p95 ms | API p50 ms | API p95 ms | raw SQL p50 ms | raw SQL p95 ms | core / raw p95 | API / raw p95 | target |",
        `|---|${"---:|".repeat(9)}`,
        ...rows,
        row(`trace by id, ${BIG_TRACE_SPANS} spans (API: /api/v2/trace)`, byId, 2),
      ].join("\n"),
    );
  });
}

/** Stores the workload through the real server; returns the id of the 10k-span trace. */
async function load(baseUrl: string, nowUs: number): Promise<string> {
  await storeShopWorkload(baseUrl, nowUs);
  const big = bigTrace(nowUs);
  await storeSpans(baseUrl, big);
  return big[0]?.traceId as string;
}

/** One trace of BIG_TRACE_SPANS spans: a root and its calls, two levels deep, with tags. */
function bigTrace(nowUs: number): Span[] {
  const traceId = "b16b16b16b16b16b16b16b16b16b16b1";
  return Array.from({ length: BIG_TRACE_SPANS }, (_, i) => ({
    traceId,
    spanId: (i + 1).toString(16).padStart(16, "0"),
    ...(i > 0 ? { parentSpanId: (i <= 100 ? 1 : Math.floor(i / 100)).toString(16).padStart(16, "0") } : {}),
    name: i === 0 ? "batch import" : `row ${i % 50}`,
    kind: i === 0 ? "SERVER" : "CLIENT",
    serviceName: i === 0 ? "importer" : "db-writer",
    startUs: nowUs - 120_000_000 + i * 10,
    durationUs: i === 0 ? 110_000 : 8,
    status: { code: "UNSET" },
    attributes: { "db.statement": `INSERT INTO rows VALUES (${i})`, "row.id": String(i) },
    resource: {},
    events: [],
    links: [],
  }));
}

function rawSearch(
  client: pg.Client,
  shape: Shape,
  service: string,
  window: { startUs: number; endUs: number },
) {
  const params: unknown[] = shape.rawFilter.includes("$1") ? [service] : [];
  if (shape.rawFilter.includes("$2")) params.push(routeOf(service));
  const n = params.length;
  return client.query(
    `SELECT ${SPAN_ROW_COLUMNS} FROM spans s WHERE s.trace_id IN (
       SELECT t.trace_id FROM traces t WHERE t.trace_id IN (
         SELECT s.trace_id FROM spans s WHERE s.start_us BETWEEN $${n + 1} AND $${n + 2} AND ${shape.rawFilter})
       ORDER BY t.start_us DESC LIMIT ${LIMIT})`,
    [...params, window.startUs, window.endUs],
  );
}

/** A table row; trace-by-id has no core column (the API is the read plus a JSON encoding). */
function row(
  name: string,
  timings: { core?: number[]; api: number[]; raw: number[] },
  target: number,
): string {
  const p = (values: number[] | undefined, fraction: number) =>
    values ? percentile(values, fraction) : Number.NaN;
  const shown = (value: number) => (Number.isNaN(value) ? "–" : value.toFixed(1));
  const coreRatio = p(timings.core, 0.95) / p(timings.raw, 0.95);
  const apiRatio = p(timings.api, 0.95) / p(timings.raw, 0.95);
  const met = (ratio: number) => Number.isNaN(ratio) || ratio <= target;
  const cells = [
    ...[timings.core, timings.api, timings.raw].flatMap((values) =>
      [p(values, 0.5), p(values, 0.95)].map(shown),
    ),
    Number.isNaN(coreRatio) ? "–" : coreRatio.toFixed(2),
    apiRatio.toFixed(2),
    `≤ ${target}: ${met(coreRatio) && met(apiRatio) ? "met" : met(coreRatio) ? "core met" : "NOT met"}`,
  ];
  return `| ${name} | ${cells.join(" | ")} |`;
}

main().catch((error: Error) => {
  console.error(`bench:search failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
