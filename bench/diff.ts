import os from "node:os";
import type { AttributeDiff } from "../lib/api/attribute-diff";
import { describeRun, SHOP_SPANS, storeShopWorkload, withBenchServer } from "./real-server";
import { interleaved, percentile } from "./report";

/**
 * `npm run bench:diff`: 1M spans of the shop workload (bench/workload.ts) stored through the real
 * ingest path, then `GET /api/attribute-diff` on the real server over the traces of one frontend
 * operation (about 25k in the window, read as an even sample of 10k), the slower than 200 ms
 * selected; and the same over that operation's spans (scope=span). Target: p95 under 1 s.
 */
const ITERATIONS = 20;
const WARM_UP = 3;
const TARGET_MS = 1000;

async function main(): Promise<void> {
  const loadBefore = os.loadavg();
  const nowUs = Date.now() * 1000;
  await withBenchServer(async ({ baseUrl, client }) => {
    await storeShopWorkload(baseUrl, nowUs);
    await client.query("ANALYZE");
    const { rows } = await client.query<{ name: string }>(
      "SELECT name FROM spans WHERE service_name = 'frontend' AND parent_span_id IS NULL GROUP BY name ORDER BY count(*) DESC LIMIT 1",
    );
    const operation = rows[0]?.name as string;
    const base = { service: "frontend", operation, slowerThan: "200ms", lookback: "1h" };
    const answers: Record<string, AttributeDiff> = {};
    const ask = (name: string, params: Record<string, string>) => async () => {
      const response = await fetch(`${baseUrl}/api/attribute-diff?${new URLSearchParams(params)}`);
      const body = await response.text();
      if (!response.ok) throw new Error(`${response.status}: ${body.slice(0, 300)}`);
      answers[name] = JSON.parse(body) as AttributeDiff;
    };
    const timings = await interleaved(WARM_UP, ITERATIONS, {
      trace: ask("trace", base),
      span: ask("span", { ...base, scope: "span" }),
    });
    const row = (name: "trace" | "span", label: string) => {
      const answer = answers[name] as AttributeDiff;
      const p95 = percentile(timings[name], 0.95);
      return `| ${label} | ${answer.populationCount} | ${answer.selectionCount + answer.baselineCount} | ${answer.sampled} | ${answer.selectionCount} | ${answer.attributes.length} | ${percentile(timings[name], 0.5).toFixed(0)} | **${p95.toFixed(0)}** | ${p95 < TARGET_MS ? "met" : "NOT met"} |`;
    };
    console.log(
      [
        "",
        ...(await describeRun(client, loadBefore)),
        `data: ${SHOP_SPANS} spans in about ${SHOP_SPANS / 10} traces; operation frontend "${operation}", selection slowerThan=200ms; ${ITERATIONS} requests per scope`,
        "",
        "| scope | population | read (sample) | sampled | selection | values answered | p50 ms | p95 ms | p95 < 1 s |",
        `|---|${"---:|".repeat(8)}`,
        row("trace", "trace"),
        row("span", `span (${operation})`),
        "",
        `top values (trace scope): ${(answers.trace as AttributeDiff).attributes
          .slice(0, 5)
          .map(
            (entry) =>
              `${entry.key}=${entry.value} ${entry.selection.toFixed(2)}/${entry.baseline.toFixed(2)}`,
          )
          .join("; ")}`,
      ].join("\n"),
    );
  });
}

main().catch((error: Error) => {
  console.error(`bench:diff failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
