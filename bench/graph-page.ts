import os from "node:os";
import { chromium, type Page } from "@playwright/test";
import type pg from "pg";
import { estate } from "../lib/graph/test-graphs";
import { floorHourUs, HOUR_US } from "../lib/time/hours";
import { withBenchServer } from "./real-server";
import { percentile } from "./report";

/**
 * `npm run bench:graph-page`: the /dependencies page in headless Chromium over synthetic estates of
 * 100 and 300 services (lib/graph/test-graphs.ts's `estate`: tiers of services, databases and
 * queues at the bottom, a few callbacks), written straight into `dependency_links` and `graph_nodes`,
 * each estate in an hour of its own. For each: navigation to the page ready (its first node or list
 * row on screen), median of RUNS fresh page loads, in three views:
 * - **auto**: the whole graph as the page opens it (past 50 nodes, the sorted adjacency list);
 * - **drawn**: the whole graph drawn anyway (`view=graph`, the layered layout);
 * - **focused**: a service in the middle of the estate, two hops each way (`focus=…&hops=2`).
 * Baseline, measured in the same run and browser: the same page over a window with no calls (the
 * empty graph's message): the page's own cost, the graph's left out. Targets are the ratios.
 */
const SIZES = [100, 300];
const RUNS = 5;

async function main(): Promise<void> {
  const loadBefore = os.loadavg();
  await withBenchServer(async ({ baseUrl, client }) => {
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
    try {
      const nowUs = Date.now() * 1000;
      const windows = new Map<number, string>();
      for (const [i, size] of SIZES.entries()) {
        const hourUs = floorHourUs(nowUs) - (i + 2) * HOUR_US;
        await seedEstate(client, size, hourUs);
        windows.set(size, windowQuery(hourUs));
      }
      // An hour with no calls: the baseline.
      const empty = windowQuery(floorHourUs(nowUs) - 10 * HOUR_US);
      const load = (query: string, ready: string) =>
        medianLoad(browser, `${baseUrl}/dependencies?${query}`, ready);

      const baseline = await load(empty, '[data-testid="graph-empty"]');
      const rows: string[] = [];
      for (const size of SIZES) {
        const window = windows.get(size) as string;
        const focus = middleService(size);
        const auto = await load(window, '[data-testid="graph-list-row"], [data-testid="graph-node"]');
        const drawn = await load(`${window}&view=graph`, '[data-testid="graph-node"]');
        const focused = await load(`${window}&focus=${focus}&hops=2`, '[data-testid="graph-node"]');
        const cell = (ms: number) => `${ms.toFixed(0)} | ${(ms / baseline).toFixed(2)}`;
        rows.push(
          `| ${size} | ${estate(size).links.length} | ${cell(auto)} | ${cell(drawn)} | ${cell(focused)} |`,
        );
      }
      const cpus = os.cpus();
      console.log(
        [
          "",
          `date: ${new Date().toISOString()}`,
          `machine: ${cpus[0]?.model ?? "unknown CPU"}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB; Chromium ${browser.version()} headless`,
          `load average before the run: ${loadBefore.map((value) => value.toFixed(2)).join(", ")}`,
          `${RUNS} fresh page loads per row, median; from navigation to the first node or list row on screen`,
          `baseline: the same page over an hour with no calls (the empty graph's message): ${baseline.toFixed(0)} ms`,
          "",
          "| services | links | auto (list) ms | / baseline | drawn (view=graph) ms | / baseline | focused (2 hops) ms | / baseline |",
          `|---|${"---:|".repeat(7)}`,
          ...rows,
        ].join("\n"),
      );
    } finally {
      await browser.close();
    }
  });
}

/** Writes the estate's links (calls and a latency bucket each) and its nodes' kinds into one hour. */
async function seedEstate(client: pg.Client, size: number, hourUs: number): Promise<void> {
  const { nodes, links } = estate(size);
  const kinds = ["database", "database", "queue", "external"];
  await client.query(
    `INSERT INTO graph_nodes (name, kind)
     SELECT name, kind FROM unnest($1::text[], $2::text[]) AS n(name, kind) ON CONFLICT (name) DO NOTHING`,
    [
      nodes.map((node) => node.name),
      nodes.map((node, i) => (node.name.startsWith("t4-") ? kinds[i % 4] : "service")),
    ],
  );
  await client.query(
    `INSERT INTO dependency_links (hour_us, parent, child, bucket, calls, errors)
     SELECT $1, parent, child, 40, calls, calls / 50 FROM unnest($2::text[], $3::text[], $4::int[]) AS l(parent, child, calls)`,
    [
      hourUs,
      links.map((link) => link.parent),
      links.map((link) => link.child),
      links.map((_, i) => 10 + ((i * 37) % 1_000)),
    ],
  );
}

/** A service of the estate's middle tier, with callers and callees. */
function middleService(size: number): string {
  const { links } = estate(size);
  const named = links.find((link) => link.parent.startsWith("t2-"));
  return named?.parent ?? "t2-svc-0";
}

function windowQuery(hourUs: number): string {
  const start = new Date((hourUs + 60_000_000) / 1000).toISOString();
  const end = new Date((hourUs + HOUR_US - 60_000_000) / 1000).toISOString();
  return new URLSearchParams({ start, end }).toString();
}

async function medianLoad(
  browser: Awaited<ReturnType<typeof chromium.launch>>,
  url: string,
  ready: string,
): Promise<number> {
  const times: number[] = [];
  // One load first, not counted: the server's first render of the page and its chunks.
  for (let run = 0; run <= RUNS; run++) {
    const page: Page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const started = performance.now();
    await page.goto(url);
    await page.locator(ready).first().waitFor({ timeout: 60_000 });
    if (run > 0) times.push(performance.now() - started);
    await page.close();
  }
  return percentile(times, 0.5);
}

await main();
