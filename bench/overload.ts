import { readFileSync } from "node:fs";
import os from "node:os";
import pg from "pg";
import { freePort } from "../lib/net/free-port";
import { HEALTH_INTERVAL_MS, pollHealth, sendUntilTaken, zipkinBody } from "../test/overload-load";
import { startTestServer } from "../test/test-server";
import { describeRun } from "./real-server";
import { percentile } from "./report";

/**
 * `npm run bench:overload`: the issue's overload — 16 senders each posting a 16 MB Zipkin JSON body
 * at once, each retrying after the server's Retry-After until its body is taken, as an OTLP or Zipkin
 * exporter does — against one server, while a load balancer's health check polls every 100 ms.
 *
 * Measured in the same run, so each figure has its own baseline: the server's idle RSS and idle health
 * latency, taken just before. Reported: RSS peak (target ≤ 1.5 GB), health latency p99 and max
 * (target: every check answered within 1 s), the event loop's longest stall (prom-client's
 * monitorEventLoopDelay), 429s answered, time until every body was stored, and that acknowledged
 * spans = stored spans.
 */
const SENDERS = 16;
const BODY_BYTES = 16 * 1024 * 1024;
const RSS_TARGET_MB = 1536;
const HEALTH_TARGET_MS = 1000;

async function main(): Promise<void> {
  const loadBefore = os.loadavg();
  const server = await startTestServer(await freePort(), {
    peerPorts: false,
    env: { TRACELIGHT_MAX_BODY_BYTES: String(BODY_BYTES) },
  });
  const client = new pg.Client({ connectionString: server.databaseUrl });
  try {
    await client.connect();
    const pid = server.child.pid as number;
    server.child.once("exit", (code, signal) => {
      console.error(`the server exited during the benchmark (code ${code}, signal ${signal})`);
    });
    const bodies = Array.from({ length: SENDERS }, (_, sender) => zipkinBody(sender, BODY_BYTES - 64 * 1024));
    const idle = await idleBaseline(server.baseUrl, pid);
    await scrapeEventLoopMaxS(server.baseUrl); // resets the stall window: only the run below counts

    const health = pollHealth(server.baseUrl);
    let rssPeakMb = rssMb(pid);
    const rssTimer = setInterval(() => (rssPeakMb = Math.max(rssPeakMb, rssMb(pid))), 50);
    const started = performance.now();
    const sent = await Promise.all(bodies.map(({ body }) => sendUntilTaken(server.baseUrl, body)));
    const elapsedS = (performance.now() - started) / 1000;
    clearInterval(rssTimer);
    const latencies = await health.stop();
    const stallS = await scrapeEventLoopMaxS(server.baseUrl);

    const acknowledged = bodies.reduce((sum, { spans }) => sum + spans, 0);
    const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM spans");
    const busy = sent.reduce((sum, { busy }) => sum + busy, 0);
    const failed = sent.flatMap((sender) => sender.failed);
    const healthMax = Math.max(...latencies);
    console.log(
      [
        ...(await describeRun(client, loadBefore)),
        `workload: ${SENDERS} senders × one ${(BODY_BYTES / 2 ** 20).toFixed(0)} MB Zipkin v2 JSON body (${bodies[0]?.spans.toLocaleString("en-US")} spans), retried after Retry-After until taken; health polled every ${HEALTH_INTERVAL_MS} ms`,
        "",
        "| measure | idle (baseline) | under the overload | target |",
        "|---|---:|---:|---|",
        `| RSS MB | ${idle.rssMb.toFixed(0)} | peak ${rssPeakMb.toFixed(0)} (${(rssPeakMb / idle.rssMb).toFixed(1)}×) | ≤ ${RSS_TARGET_MB}: ${rssPeakMb <= RSS_TARGET_MB ? "met" : "NOT met"} |`,
        `| health p50 ms | ${idle.healthMs.toFixed(1)} | ${percentile(latencies, 0.5).toFixed(1)} | |`,
        `| health p99 ms | | ${percentile(latencies, 0.99).toFixed(1)} | |`,
        `| health max ms | | ${healthMax.toFixed(1)} (${latencies.length} checks) | ≤ ${HEALTH_TARGET_MS}: ${healthMax <= HEALTH_TARGET_MS ? "met" : "NOT met"} |`,
        `| longest event-loop stall ms | | ${(stallS * 1000).toFixed(0)} | |`,
        `| 429 answers | | ${busy} | |`,
        `| failed connections | | ${failed.length}${failed.length > 0 ? ` (${[...new Set(failed)].join("; ")})` : ""} | none |`,
        `| seconds until all ${SENDERS} bodies stored | | ${elapsedS.toFixed(1)} | |`,
        `| spans acknowledged / stored | | ${acknowledged} / ${rows[0]?.n} | equal: ${acknowledged === rows[0]?.n ? "yes" : "NO"} |`,
      ].join("\n"),
    );
  } finally {
    await client.end().catch(() => undefined);
    await server.stop();
  }
}

async function idleBaseline(baseUrl: string, pid: number): Promise<{ rssMb: number; healthMs: number }> {
  const health = pollHealth(baseUrl);
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const latencies = await health.stop();
  return { rssMb: rssMb(pid), healthMs: percentile(latencies, 0.5) };
}

/** The process's resident memory in MB; 0 once it has exited. */
function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** The longest event-loop stall since the last scrape, in seconds (prom-client resets it per scrape). */
async function scrapeEventLoopMaxS(baseUrl: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  return Number(/^tracelight_nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(text)?.[1] ?? Number.NaN);
}

await main();
