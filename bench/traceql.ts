import os from "node:os";
import pg from "pg";
import { parseTraceQL } from "../lib/traceql/parse";
import { describeRun, SHOP_SPANS, storeShopWorkload, withBenchServer } from "./real-server";
import { interleaved, percentile } from "./report";

/**
 * `npm run bench:traceql`: 1M spans of the shop workload (bench/workload.ts: traces of about ten spans
 * from the frontend through the api-gateway to up to four levels of services, each with its database
 * queries) stored through the real ingest path, then three TraceQL questions, each timed two ways,
 * interleaved, in the same run:
 * - **product**: searchTraceQL (lib/read/traceql.ts), what the Tempo API and the search page call;
 * - **SQL**: the fastest statement written by hand for the same answer, the newest LIMIT traces with
 *   the ids of the spans that matched, on the stored tables as they are.
 * Both must answer the same traces and spans. Target: product p95 ≤ 2× SQL p95.
 *
 * TRACEQL_BENCH_DATABASE_URL names a database of your own to use instead (loaded on first use,
 * never dropped): to measure the engine again without storing a million spans each time.
 */
const ITERATIONS = 40;
const WARM_UP = 5;
const LIMIT = 20;
const TARGET = 2;

interface Question {
  name: string;
  traceql: string;
  /** The hand-written answer: rows of (trace_id, span_ids), newest trace first; `$1`, `$2` the window. */
  sql: string;
}

const QUESTIONS: Question[] = [
  {
    name: "a filter: checkout's 500s",
    traceql: '{ resource.service.name = "checkout" && span.http.status_code = "500" }',
    sql: `SELECT t.trace_id, array_agg(s.span_id ORDER BY s.span_id) AS span_ids
      FROM spans s JOIN traces t USING (trace_id)
      WHERE s.service_name = 'checkout' AND s.search_terms @> ARRAY['http.status_code=500']
        AND s.start_us BETWEEN $1 AND $2 AND t.start_us <= $2 AND t.end_us >= $1
      GROUP BY t.trace_id, t.start_us ORDER BY t.start_us DESC, t.trace_id DESC LIMIT ${LIMIT}`,
  },
  {
    name: "`>>`: checkouts that reach the payments database",
    traceql:
      '{ resource.service.name = "frontend" && name = "post /checkout" } >> { resource.service.name = "payments" && span.db.system = "postgresql" }',
    // The traces holding both ends, newest first, then up the parent ids from each payments query
    // until a frontend checkout: a span id can name both halves of a shared (B3) span, which are
    // parent and child, so any row with the id will do. A trace's spans start within its summary's
    // bounds, which spares the lookups by trace id the other days' partitions.
    sql: `SELECT t.trace_id, m.span_ids FROM traces t CROSS JOIN LATERAL (
        WITH RECURSIVE up (span_id, ancestor) AS (
          SELECT s.span_id, s.parent_span_id FROM spans s
          WHERE s.trace_id = t.trace_id AND s.start_us BETWEEN t.start_us AND t.end_us
            AND s.service_name = 'payments' AND s.attributes @> '{"db.system": "postgresql"}'
          UNION
          SELECT up.span_id, p.parent_span_id FROM up JOIN spans p
            ON p.trace_id = t.trace_id AND p.start_us BETWEEN t.start_us AND t.end_us
            AND p.span_id = up.ancestor AND p.parent_span_id IS NOT NULL
        )
        SELECT array_agg(DISTINCT up.span_id ORDER BY up.span_id) AS span_ids FROM up
        WHERE EXISTS (SELECT 1 FROM spans a WHERE a.trace_id = t.trace_id
          AND a.start_us BETWEEN t.start_us AND t.end_us AND a.span_id = up.ancestor
          AND a.service_name = 'frontend' AND a.name = 'post /checkout')
      ) m
      WHERE t.start_us <= $2 AND t.end_us >= $1 AND m.span_ids IS NOT NULL
        AND t.trace_id IN (SELECT s.trace_id FROM spans s WHERE s.start_us BETWEEN $1 AND $2
          AND s.service_name = 'payments' AND s.attributes @> '{"db.system": "postgresql"}')
        AND t.trace_id IN (SELECT s.trace_id FROM spans s WHERE s.start_us BETWEEN $1 AND $2
          AND s.service_name = 'frontend' AND s.name = 'post /checkout')
      ORDER BY t.start_us DESC, t.trace_id DESC LIMIT ${LIMIT}`,
  },
  {
    name: "`| count()`: traces making more than five database queries",
    traceql: '{ span.db.system = "postgresql" } | count() > 5',
    sql: `SELECT t.trace_id, m.span_ids FROM traces t CROSS JOIN LATERAL (
        SELECT array_agg(s.span_id ORDER BY s.span_id) AS span_ids FROM spans s
        WHERE s.trace_id = t.trace_id AND s.start_us BETWEEN t.start_us AND t.end_us
          AND s.attributes @> '{"db.system": "postgresql"}'
      ) m
      WHERE t.start_us <= $2 AND t.end_us >= $1 AND cardinality(m.span_ids) > 5
      ORDER BY t.start_us DESC, t.trace_id DESC LIMIT ${LIMIT}`,
  },
];

async function main(): Promise<void> {
  const loadBefore = os.loadavg();
  const own = process.env.TRACEQL_BENCH_DATABASE_URL;
  if (own) {
    const client = new pg.Client({ connectionString: own });
    await client.connect();
    const { rows } = await client.query("SELECT to_regclass('traces') IS NOT NULL AS migrated");
    const loaded = rows[0]?.migrated && (await client.query("SELECT 1 FROM traces LIMIT 1")).rowCount === 1;
    await client.end();
    if (!loaded) await withBenchServer(({ baseUrl }) => storeShopWorkload(baseUrl, Date.now() * 1000), own);
    process.env.DATABASE_URL = own;
    const measured = new pg.Client({ connectionString: own });
    await measured.connect();
    try {
      await measure(measured, loadBefore);
    } finally {
      await measured.end();
      const { closeDb } = await import("../lib/db/pool");
      await closeDb();
    }
    return;
  }
  await withBenchServer(async ({ baseUrl, client }) => {
    await storeShopWorkload(baseUrl, Date.now() * 1000);
    await measure(client, loadBefore);
  });
}

async function measure(client: pg.Client, loadBefore: number[]): Promise<void> {
  const { searchTraceQL } = await import("../lib/read/traceql");
  // ANALYZE, not VACUUM: the GIN index's pending list stays as steady ingest leaves it.
  await client.query("ANALYZE");
  // The workload ends when it was stored: the last hour before then, as Grafana's default search.
  const { rows } = await client.query<{ end_us: string }>("SELECT max(end_us) AS end_us FROM traces");
  const endUs = Number(rows[0]?.end_us) + 60_000_000;
  const window = { startUs: endUs - 3_660_000_000, endUs };
  const lines: string[] = [];
  for (const question of QUESTIONS) {
    const query = parseTraceQL(question.traceql);
    const product = () =>
      searchTraceQL(query, { q: question.traceql, ...window, limit: LIMIT }, 60_000).then((matches) =>
        matches.map((match) => ({
          traceId: match.trace.traceId,
          spanIds: match.spansets.flatMap((spanset) => spanset.spans.map((span) => span.spanId)).sort(),
        })),
      );
    const sql = () =>
      client
        .query<{ trace_id: string; span_ids: string[] }>(question.sql, [window.startUs, window.endUs])
        .then((result) => result.rows.map((row) => ({ traceId: row.trace_id, spanIds: row.span_ids })));
    const [ours, theirs] = [JSON.stringify(await product()), JSON.stringify(await sql())];
    if (ours !== theirs) throw new Error(`${question.name}: the answers differ\n${ours}\n${theirs}`);
    const matched = (JSON.parse(ours) as unknown[]).length;
    const timings = await interleaved(WARM_UP, ITERATIONS, { product, sql });
    lines.push(row(question, matched, timings));
  }
  console.log(
    [
      "",
      ...(await describeRun(client, loadBefore)),
      `data: ${SHOP_SPANS} spans in about ${SHOP_SPANS / 10} traces; ${ITERATIONS} runs per question and way, limit ${LIMIT}`,
      "",
      "| question | TraceQL | traces | product p50 ms | product p95 ms | SQL p50 ms | SQL p95 ms | product / SQL p95 | target |",
      `|---|---|${"---:|".repeat(6)}---|`,
      ...lines,
    ].join("\n"),
  );
}

function row(question: Question, matched: number, timings: { product: number[]; sql: number[] }): string {
  const ms = (values: number[], fraction: number) => percentile(values, fraction).toFixed(1);
  const ratio = percentile(timings.product, 0.95) / percentile(timings.sql, 0.95);
  const cells = [
    question.name,
    `\`${question.traceql.replaceAll("|", "\\|")}\``,
    String(matched),
    ms(timings.product, 0.5),
    ms(timings.product, 0.95),
    ms(timings.sql, 0.5),
    ms(timings.sql, 0.95),
    ratio.toFixed(2),
    `≤ ${TARGET}: ${ratio <= TARGET ? "met" : "NOT met"}`,
  ];
  return `| ${cells.join(" | ")} |`;
}

main().catch((error: Error) => {
  console.error(`bench:traceql failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
