import os from "node:os";
import type pg from "pg";
import { withinHours } from "../lib/db/hour-window";
import type { DependencyGraph } from "../lib/services/dependency-graph";
import { HOUR_US, MINUTE_US, overlappedHoursUs } from "../lib/time/hours";
import { describeRun, expectOk, storeShopWorkload, timeMs, withBenchServer } from "./real-server";
import { percentile } from "./report";

/**
 * `npm run bench:graph`: 1M spans (100k traces of the shop workload) stored through the real ingest
 * path; the time the server's background job takes to derive their dependency links once the last
 * request is answered (lib/db/links.ts); then the graph of two windows, ten times apart in spans,
 * timed three ways, interleaved, in the same run:
 * - **API**: `GET /api/graph` on the real server (HTTP, the window's parameters, JSON included);
 * - **core**: lib/db/graph.ts's readGraph in this process, over the hourly `dependency_links`;
 * - **raw**: the graph computed from the spans by a self-join, as a store without aggregates would.
 * Target (a ratio, never a time): the graph costs in proportion to its links, not to the spans.
 *
 * The workload's traces start in the ten minutes before the run's `now`, so the windows are the
 * last hour (all the spans) and one minute of it (a tenth). The stored graph is kept per UTC hour:
 * readGraph widens every window to the hours it overlaps, so the minute reads the same rows as the
 * hour (and answers with the hour's calls), where the self-join counts the minute's only.
 */
const ITERATIONS = 30;
const WARM_UP = 3;
const QUEUE_POLL_MS = 100;

interface Window {
  name: string;
  /** The window as `GET /api/graph` takes it, and in µs, at the time of the call. */
  params: () => URLSearchParams;
  range: () => { startUs: number; endUs: number };
}

/**
 * The graph hand-written over spans: a call is a span of one service whose parent span is of
 * another, in the same trace, both starting in the window ($1–$2 µs). A B3 shared span id (Zipkin:
 * the server half reuses the client's id) is stored twice, client and server half; the spans under it
 * are the server's, so a parent id that has a shared half joins that half only.
 *
 * What Zipkin's rules (lib/services/links.ts) count and this does not: calls to uninstrumented peers
 * (a CLIENT span's remote service or database, e.g. every service → postgres here), a root's caller
 * named only by `remoteServiceName`, messaging through a broker, "missing links" (a client with no
 * server half under it), and errors and latencies. What it counts that they would not: a parent of
 * another service that is not a call (e.g. an INTERNAL span across services), and calls whose parent
 * started before the window are left out.
 */
const RAW_GRAPH = `
SELECT p.service_name AS parent, c.service_name AS child, count(*)::int AS calls
FROM spans c
JOIN spans p ON p.trace_id = c.trace_id AND p.span_id = c.parent_span_id
WHERE c.start_us BETWEEN $1 AND $2 AND p.start_us BETWEEN $1 AND $2
  AND p.service_name <> c.service_name
  AND (p.shared OR NOT EXISTS (
    SELECT 1 FROM spans s
    WHERE s.trace_id = p.trace_id AND s.span_id = p.span_id AND s.shared AND s.start_us BETWEEN $1 AND $2))
GROUP BY 1, 2`;

async function main(): Promise<void> {
  const loadBefore = os.loadavg();
  const nowUs = Date.now() * 1000;
  await withBenchServer(async ({ baseUrl, client }) => {
    const { readGraph } = await import("../lib/db/graph");
    const loadStarted = performance.now();
    await storeShopWorkload(baseUrl, nowUs);
    const derivation = await waitForLinks(client, performance.now() - loadStarted);
    await client.query("ANALYZE");

    const windows: Window[] = [
      {
        name: "last hour (lookback=1h)",
        params: () => new URLSearchParams({ lookback: "1h" }),
        range: () => ({ startUs: Date.now() * 1000 - HOUR_US, endUs: Date.now() * 1000 }),
      },
      {
        name: "one minute (start, end)",
        params: () =>
          new URLSearchParams({ start: String((nowUs - MINUTE_US) / 1000), end: String(nowUs / 1000) }),
        range: () => ({ startUs: nowUs - MINUTE_US, endUs: nowUs }),
      },
    ];
    const timings = windows.map(() => ({ api: [] as number[], core: [] as number[], raw: [] as number[] }));
    for (let i = 0; i < WARM_UP + ITERATIONS; i++) {
      for (const [w, window] of windows.entries()) {
        const { startUs, endUs } = window.range();
        const api = await timeMs(async () =>
          expectOk(await fetch(`${baseUrl}/api/graph?${window.params()}`)),
        );
        const core = await timeMs(() => readGraph(startUs, endUs));
        const raw = await timeMs(() => client.query(RAW_GRAPH, [startUs, endUs]));
        if (i < WARM_UP) continue;
        timings[w]?.api.push(api);
        timings[w]?.core.push(core);
        timings[w]?.raw.push(raw);
      }
    }

    const sizes = await Promise.all(windows.map((window) => sizeOf(client, readGraph, window)));
    const rows = windows.map((window, w) => row(window.name, sizes[w] as Size, timings[w] as Timings));
    const [hour, minute] = timings as [Timings, Timings];
    const [hourSize, minuteSize] = sizes as [Size, Size];
    const scale = (key: keyof Timings) => (p50(hour[key]) / p50(minute[key])).toFixed(2);
    console.log(
      [
        "",
        ...(await describeRun(client, loadBefore)),
        `data: ${derivation.traces.toLocaleString("en-US")} traces, ${hourSize.spans.toLocaleString("en-US")} spans stored in ${seconds(derivation.loadMs)} s; ${ITERATIONS} reads per window and way after ${WARM_UP} of warm-up, times in ms`,
        "",
        "| window | spans | graph links | stored rows read | raw links | API p50 | API p95 | core p50 | core p95 | raw p50 | raw p95 | core / raw p95 | API / raw p95 |",
        `|---|${"---:|".repeat(12)}`,
        ...rows,
        "",
        `from one minute to the hour: spans ×${(hourSize.spans / minuteSize.spans).toFixed(1)}, stored rows read ×${(hourSize.storedRows / minuteSize.storedRows).toFixed(1)}; p50 API ×${scale("api")}, core ×${scale("core")}, raw ×${scale("raw")}`,
        "",
        "| link derivation | |",
        "|---|---:|",
        `| traces still queued when the last request was answered | ${derivation.backlog.toLocaleString("en-US")} |`,
        `| time to drain them, s | ${seconds(derivation.drainMs)} |`,
        `| **derivation after the last request, traces/s** | **${Math.round(derivation.backlog / (derivation.drainMs / 1000)).toLocaleString("en-US")}** |`,
        `| all traces linked, s after the first request | ${seconds(derivation.loadMs + derivation.drainMs)} |`,
        "",
        "top 10 links of the hour by calls (raw: the self-join's calls for the same pair):",
        "",
        "| parent → child | calls | errors | p50 ms | p95 ms | raw calls |",
        `|---|${"---:|".repeat(5)}`,
        ...topLinks(hourSize),
        "",
        ...disagreements(hourSize),
        "",
        ...(await rawPlans(client, windows)),
      ].join("\n"),
    );
  });
}

interface Timings {
  api: number[];
  core: number[];
  raw: number[];
}

interface Size {
  spans: number;
  storedRows: number;
  graph: DependencyGraph;
  raw: Map<string, number>;
}

/**
 * Polls the link queue until the background job has emptied it. The job derives a trace a second
 * after its last span (TRACELIGHT_LINK_DELAY in test/test-server.ts) and runs every second, during
 * the load as well: what is left when the last request is answered is its backlog.
 */
async function waitForLinks(client: pg.Client, loadMs: number) {
  const queued = async () =>
    Number((await client.query<{ n: string }>("SELECT count(*) AS n FROM link_queue")).rows[0]?.n);
  const started = performance.now();
  const backlog = await queued();
  while ((await queued()) > 0) await new Promise((resolve) => setTimeout(resolve, QUEUE_POLL_MS));
  const drainMs = performance.now() - started;
  const { rows } = await client.query<{ n: string }>("SELECT count(*) AS n FROM traces");
  return { loadMs, backlog, drainMs, traces: Number(rows[0]?.n) };
}

async function sizeOf(
  client: pg.Client,
  readGraph: (startUs: number, endUs: number) => Promise<DependencyGraph>,
  window: Window,
): Promise<Size> {
  const { startUs, endUs } = window.range();
  const count = async (sql: string, params: number[]) =>
    Number((await client.query<{ n: string }>(sql, params)).rows[0]?.n);
  const raw = await client.query<{ parent: string; child: string; calls: number }>(RAW_GRAPH, [
    startUs,
    endUs,
  ]);
  return {
    spans: await count("SELECT count(*) AS n FROM spans WHERE start_us BETWEEN $1 AND $2", [startUs, endUs]),
    // readGraph's own condition: the hours the window overlaps.
    storedRows: await count(
      `SELECT count(*) AS n FROM dependency_links WHERE ${withinHours("hour_us", 1)}`,
      overlappedHoursUs(startUs, endUs),
    ),
    graph: await readGraph(startUs, endUs),
    raw: new Map(raw.rows.map(({ parent, child, calls }) => [`${parent} → ${child}`, calls])),
  };
}

/** The self-join's plan per window: how PostgreSQL reads the spans explains how its time scales. */
async function rawPlans(client: pg.Client, windows: Window[]): Promise<string[]> {
  const lines: string[] = [];
  for (const window of windows) {
    const { startUs, endUs } = window.range();
    const { rows } = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (COSTS OFF) ${RAW_GRAPH}`, [
      startUs,
      endUs,
    ]);
    lines.push(`raw plan, ${window.name}:`, ...rows.map((plan) => `    ${plan["QUERY PLAN"]}`));
  }
  return lines;
}

function row(name: string, size: Size, timings: Timings): string {
  const p95 = (values: number[]) => percentile(values, 0.95);
  const cells = [
    name,
    size.spans.toLocaleString("en-US"),
    size.graph.links.length,
    size.storedRows.toLocaleString("en-US"),
    size.raw.size,
    ...[timings.api, timings.core, timings.raw].flatMap((values) => [p50(values), p95(values)].map(ms)),
    `**${(p95(timings.core) / p95(timings.raw)).toFixed(3)}**`,
    (p95(timings.api) / p95(timings.raw)).toFixed(3),
  ];
  return `| ${cells.join(" | ")} |`;
}

function topLinks({ graph, raw }: Size): string[] {
  return [...graph.links]
    .sort((a, b) => b.calls - a.calls)
    .slice(0, 10)
    .map(
      (link) =>
        `| ${link.parent} → ${link.child} | ${link.calls.toLocaleString("en-US")} | ${link.errors.toLocaleString("en-US")} | ${ms(link.p50Us / 1000)} | ${ms(link.p95Us / 1000)} | ${raw.get(`${link.parent} → ${link.child}`)?.toLocaleString("en-US") ?? "–"} |`,
    );
}

/** Where the stored graph and the self-join count a pair differently, over the whole data. */
function disagreements({ graph, raw }: Size): string[] {
  const graphCalls = new Map(graph.links.map((link) => [`${link.parent} → ${link.child}`, link.calls]));
  const pairs = [...new Set([...graphCalls.keys(), ...raw.keys()])].sort();
  const differing = pairs
    .filter((pair) => graphCalls.get(pair) !== raw.get(pair))
    .map((pair) => `- ${pair}: graph ${graphCalls.get(pair) ?? "none"}, raw ${raw.get(pair) ?? "none"}`);
  return [
    `pairs where the graph and the self-join differ: ${differing.length} of ${pairs.length}`,
    ...differing,
  ];
}

const p50 = (values: number[]) => percentile(values, 0.5);
const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const seconds = (valueMs: number) => (valueMs / 1000).toFixed(1);

main().catch((error: Error) => {
  console.error(`bench:graph failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
