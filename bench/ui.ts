import os from "node:os";
import { type Browser, type CDPSession, chromium, type Page } from "@playwright/test";
import { countOf } from "../lib/format/count";
import { freePort } from "../lib/net/free-port";
import { startTestServer } from "../test/test-server";
import { percentile } from "./report";

/**
 * `npm run bench:ui`: the trace page in headless Chromium on traces of 100, 10k and 100k spans
 * (synthetic: a request fanning out ten ways per level over 8 services, with tags and an event per span),
 * stored through the Zipkin API of the real server. For each trace:
 * - **first render**: from navigation to the first span row on screen (the page, the trace's JSON,
 *   tree, skew correction, minimap), median of RUNS fresh page loads;
 * - **usable**: from navigation to the first span row and the diagnosis both on screen (the analysis
 *   done), median of the same loads;
 * - **bytes**: what opening the page took over the wire (every response's encoded length, headers
 *   included, as Chromium's DevTools protocol counts it) and the response bodies decoded, with the
 *   number of requests, from the last load;
 * - **scroll**: the span list scrolled by 240 px per frame for 2 s, and the time between frames;
 * - the JS heap after rendering, and the longest task that blocked the main thread while opening;
 * - **other views' first render**, beside the timeline's: from navigation to the span graph's first
 *   box (`?tab=graph`) and to the statistics table grouped by service and kind
 *   (`?tab=stats&group=service&subgroup=kind`, which waits for the analysis), median of RUNS fresh
 *   loads each, with the longest main-thread task while opening.
 * Targets (ratios, never times): the 10k render ≤ 3× the 100 render; 100k opens and scrolls.
 * `BENCH_UI_SIZES=100,2000 BENCH_UI_RUNS=1` runs a smaller, quicker version, to check the script.
 */
const SIZES = listFromEnv("BENCH_UI_SIZES") ?? [100, 10_000, 100_000];
const RUNS = listFromEnv("BENCH_UI_RUNS")?.[0] ?? 5;
/** The views timed beside the timeline, and what shows each is drawn. */
const VIEWS = [
  { name: "span graph", query: "?tab=graph", ready: '[data-testid="span-graph-node"]' },
  {
    name: "grouped statistics",
    query: "?tab=stats&group=service&subgroup=kind",
    ready: '[data-testid="trace-statistics"]',
  },
];
const BATCH = 5_000;
const SERVICES = ["gateway", "orders", "payments", "inventory", "users", "search", "mailer", "db-proxy"];

/** Records the longest task that blocked the page's main thread, for the load's jank. */
const LONGEST_TASK = `window.longestTaskMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.longestTaskMs = Math.max(window.longestTaskMs, entry.duration);
}).observe({ type: "longtask", buffered: true });`;

async function main(): Promise<void> {
  const loadBefore = os.loadavg();
  const server = await startTestServer(await freePort(), { peerPorts: false });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--enable-precise-memory-info",
    ],
  });
  try {
    const rows: string[] = [];
    const viewRows: string[] = [];
    const renders = new Map<number, number>();
    for (const size of SIZES) {
      const traceId = await storeTrace(server.baseUrl, size);
      const times: number[] = [];
      const usable: number[] = [];
      let traffic: Traffic = { wireBytes: 0, bodyBytes: 0, requests: 0 };
      const longestTasks: number[] = [];
      let frames: number[] = [];
      let heapMb = 0;
      for (let run = 0; run < RUNS; run++) {
        const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
        await page.addInitScript(LONGEST_TASK);
        const counting = await countTraffic(page);
        const started = performance.now();
        await page.goto(`${server.baseUrl}/trace/${traceId}`);
        await page.locator('[data-testid="span-row"]').first().waitFor({ timeout: 120_000 });
        times.push(performance.now() - started);
        await page
          .locator('[data-testid="trace-diagnosis"]')
          .filter({ hasText: /\S/ })
          .waitFor({ timeout: 120_000 });
        usable.push(performance.now() - started);
        traffic = await counting.settled();
        longestTasks.push(await page.evaluate<number>("window.longestTaskMs"));
        if (run === RUNS - 1) {
          frames = await scrollFrames(page);
          heapMb = await page.evaluate(
            () =>
              ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ??
                0) /
              2 ** 20,
          );
        }
        await page.close();
      }
      const render = percentile(times, 0.5);
      renders.set(size, render);
      const views: string[] = [];
      for (const view of VIEWS) {
        const loads = await timeView(browser, `${server.baseUrl}/trace/${traceId}${view.query}`, view.ready);
        const ms = percentile(loads.times, 0.5);
        views.push(
          `${ms.toFixed(0)} | ${(ms / render).toFixed(2)} | ${percentile(loads.longestTasks, 0.5).toFixed(0)}`,
        );
      }
      viewRows.push(`| ${size.toLocaleString("en")} | ${render.toFixed(0)} | ${views.join(" | ")} |`);
      const long = frames.filter((frame) => frame > 50).length;
      rows.push(
        `| ${size.toLocaleString("en")} | ${render.toFixed(0)} | ${(render / (renders.get(SIZES[0] as number) ?? render)).toFixed(2)} | ${percentile(usable, 0.5).toFixed(0)} | ${(traffic.wireBytes / 2 ** 20).toFixed(2)} | ${(traffic.bodyBytes / 2 ** 20).toFixed(2)} | ${traffic.requests} | ${percentile(frames, 0.5).toFixed(1)} | ${percentile(frames, 0.95).toFixed(1)} | ${Math.max(...frames).toFixed(0)} | ${long} of ${frames.length} | ${heapMb.toFixed(0)} | ${percentile(longestTasks, 0.5).toFixed(0)} |`,
      );
    }
    const ratio =
      renders.has(10_000) && renders.has(100)
        ? (renders.get(10_000) ?? 0) / (renders.get(100) ?? 1)
        : undefined;
    const cpus = os.cpus();
    console.log(
      [
        "",
        `date: ${new Date().toISOString()}`,
        `machine: ${cpus[0]?.model ?? "unknown CPU"}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB; Chromium ${browser.version()} headless`,
        `load average before the run: ${loadBefore.map((load) => load.toFixed(2)).join(", ")}`,
        `${RUNS} page loads per trace; scrolling 240 px per frame for 2 s`,
        "",
        "| spans | first render ms (median) | / 100-span render | usable ms (rows + diagnosis, median) | over the wire MiB | bodies decoded MiB | requests | frame p50 ms | frame p95 ms | longest frame ms | frames > 50 ms | JS heap MiB | longest main-thread task while opening, ms |",
        `|---|${"---:|".repeat(12)}`,
        ...rows,
        "",
        ratio === undefined
          ? "10k render / 100 render: not measured (BENCH_UI_SIZES)"
          : `10k render / 100 render: ${ratio.toFixed(2)} (target ≤ 3: ${ratio <= 3 ? "met" : "NOT met"})`,
        "",
        `First render of the other views, beside the timeline's (median of ${countOf(RUNS, "load")} each):`,
        "",
        `| spans | timeline ms | ${VIEWS.map(({ name }) => `${name} ms | / timeline | longest task ms`).join(" | ")} |`,
        `|---|---:|${"---:|".repeat(3 * VIEWS.length)}`,
        ...viewRows,
      ].join("\n"),
    );
  } finally {
    await browser.close();
    await server.stop();
  }
}

/** Opens `url` RUNS times in fresh pages: the time to `ready` on screen, and the longest task meanwhile. */
async function timeView(
  browser: Browser,
  url: string,
  ready: string,
): Promise<{ times: number[]; longestTasks: number[] }> {
  const times: number[] = [];
  const longestTasks: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.addInitScript(LONGEST_TASK);
    const started = performance.now();
    await page.goto(url);
    await page.locator(ready).first().waitFor({ timeout: 120_000 });
    times.push(performance.now() - started);
    longestTasks.push(await page.evaluate<number>("window.longestTaskMs"));
    await page.close();
  }
  return { times, longestTasks };
}

/** A comma-separated list of positive integers from the environment, if set. */
function listFromEnv(name: string): number[] | undefined {
  const value = process.env[name];
  if (!value) return undefined;
  const numbers = value.split(",").map(Number);
  if (!numbers.every((n) => Number.isInteger(n) && n > 0))
    throw new Error(`${name}: positive integers, comma-separated`);
  return numbers;
}

interface Traffic {
  /** Encoded bytes received, headers included: what crossed the wire. */
  wireBytes: number;
  /** Response bodies after decompression. */
  bodyBytes: number;
  requests: number;
}

/**
 * Counts what a page receives through the DevTools protocol, from now until `settled()`, which waits
 * for the requests in flight to finish (the analysis may still be loading when the rows show).
 */
async function countTraffic(page: Page): Promise<{ settled(): Promise<Traffic> }> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  const traffic: Traffic = { wireBytes: 0, bodyBytes: 0, requests: 0 };
  const inFlight = new Set<string>();
  cdp.on("Network.requestWillBeSent", ({ requestId }) => {
    if (!inFlight.has(requestId)) traffic.requests++;
    inFlight.add(requestId);
  });
  cdp.on("Network.dataReceived", ({ dataLength }) => {
    traffic.bodyBytes += dataLength;
  });
  cdp.on("Network.loadingFinished", ({ requestId, encodedDataLength }) => {
    inFlight.delete(requestId);
    traffic.wireBytes += encodedDataLength;
  });
  cdp.on("Network.loadingFailed", ({ requestId }) => inFlight.delete(requestId));
  return {
    async settled() {
      for (let waited = 0; inFlight.size > 0 && waited < 30_000; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await cdp.detach();
      return { ...traffic };
    },
  };
}

/**
 * Scrolls the span list by 240 px a frame for 2 s and returns the time between frames, in ms. The
 * page's code is a string: tsx's transform would name the inner function with a helper the page
 * does not have.
 */
function scrollFrames(page: Page): Promise<number[]> {
  return page.evaluate(`new Promise((resolve) => {
    const list = document.querySelector('[data-testid="span-list"]');
    const deltas = [];
    let last = performance.now();
    const end = last + 2000;
    requestAnimationFrame(function step(now) {
      deltas.push(now - last);
      last = now;
      list.scrollTop += 240;
      if (now < end) requestAnimationFrame(step);
      else resolve(deltas.slice(1));
    });
  })`);
}

/** Stores one synthetic trace of `size` spans in Zipkin v2 JSON batches; returns its id. */
async function storeTrace(baseUrl: string, size: number): Promise<string> {
  const traceId = `${size.toString(16).padStart(8, "0")}${Date.now().toString(16)}`.padEnd(32, "0");
  const spans = syntheticTrace(traceId, size, Date.now() * 1000 - 10_000_000);
  for (let from = 0; from < size; from += BATCH) {
    const response = await fetch(`${baseUrl}/api/v2/spans`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(spans.slice(from, from + BATCH)),
    });
    if (response.status !== 202) throw new Error(`storing the ${size}-span trace: ${response.status}`);
  }
  return traceId;
}

/**
 * A 10-ary tree (span i's parent is ⌊(i − 1) / 10⌋): each of a span's ten children runs in its tenth
 * of the parent's time, so the timeline has real structure at every size and no clock skew.
 */
function syntheticTrace(traceId: string, size: number, startUs: number) {
  const starts = new Float64Array(size);
  const durations = new Float64Array(size);
  return Array.from({ length: size }, (_, i) => {
    const parent = Math.floor((i - 1) / 10);
    if (i === 0) {
      starts[0] = startUs;
      durations[0] = 2_000_000;
    } else {
      const slot = (durations[parent] as number) / 10;
      starts[i] = Math.round((starts[parent] as number) + ((i - 1) % 10) * slot + slot / 10);
      durations[i] = Math.max(1, Math.round(slot * 0.8));
    }
    return {
      traceId,
      id: (i + 1).toString(16).padStart(16, "0"),
      ...(i > 0 ? { parentId: (parent + 1).toString(16).padStart(16, "0") } : {}),
      name: i === 0 ? "GET /checkout" : `op-${i % 40}`,
      kind: i === 0 ? "SERVER" : "CLIENT",
      timestamp: starts[i],
      duration: durations[i],
      localEndpoint: { serviceName: SERVICES[i % SERVICES.length] },
      tags: { "http.method": "GET", "row.id": String(i), ...(i % 50 === 7 ? { error: "timeout" } : {}) },
      annotations: [{ timestamp: (starts[i] as number) + 1, value: "sent" }],
    };
  });
}

await main();
