import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { closeDb } from "@/lib/db/pool";
import { statement } from "@/lib/db/search-sql";
import { spanCondition } from "@/lib/db/traceql-sql";
import { traceCondition } from "@/lib/db/traceql-trace-sql";
import { readTrace } from "@/lib/db/traces";
import type { Span } from "@/lib/model/span";
import { evaluateTrace } from "@/lib/traceql/evaluate";
import { parseTraceQL } from "@/lib/traceql/parse";
import { shopTraceOtlp } from "../shop-trace";
import { baseUrl, query, uniqueTraceId } from "./helpers";

/**
 * A TraceQL filter compiled to SQL selects exactly the spans the evaluator selects, on the same
 * stored spans: the two are the search's two halves (SQL finds, the evaluator confirms), so where the
 * SQL claims to be exact, a difference would be a wrong search result.
 */
const TRACE_ID = `${uniqueTraceId()}0000000000000000`.slice(0, 32);
let spans: Span[] = [];

beforeAll(async () => {
  process.env.DATABASE_URL = inject("databaseUrl");
  const response = await fetch(`${baseUrl()}/v1/traces`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(shopTraceOtlp(TRACE_ID, Date.now())),
  });
  expect(response.status).toBe(200);
  spans = (await readTrace(TRACE_ID))?.spans ?? [];
  expect(spans).toHaveLength(6);
});

afterAll(closeDb);

const QUERIES = [
  '{ name = "SELECT" }',
  '{ name != "SELECT" }',
  '{ name =~ "GET.*" }',
  '{ name !~ "GET.*" }',
  '{ name > "GET /api" }',
  "{ status = error }",
  "{ status != error }",
  '{ statusMessage = "deadlock detected" }',
  "{ statusMessage = nil }",
  "{ kind = client }",
  "{ kind = server || kind = internal }",
  "{ duration > 100ms }",
  "{ duration <= 20ms }",
  "{ duration = 200 }",
  '{ span.http.method = "GET" }',
  "{ span.http.status_code = 200 }",
  '{ span.http.status_code = "200" }',
  '{ span.http.status_code != "200" }',
  "{ span.http.status_code >= 200 && span.http.status_code < 300 }",
  "{ .db.rows > 5 }",
  "{ .db.rows <= 5.5 }",
  "{ .ratio = 0.25 }",
  "{ .retried = true }",
  "{ .hit = false }",
  "{ .hit != true }",
  '{ .tags = "b" }',
  "{ .tags = 3 }",
  '{ .tags != "z" }',
  '{ .tags =~ "[ab]" }',
  '{ .long = "v37" }',
  '{ .long = "v2" }',
  "{ .db.system != nil }",
  "{ .db.system = nil }",
  "{ span.db.system = nil }",
  '{ .db.statement =~ "SELECT .*carts" }',
  '{ .db.statement !~ "INSERT.*" }',
  '{ resource.service.name = "postgres" }',
  '{ .service.name =~ "web|api" }',
  '{ resource.deployment.environment = "prod" }',
  '{ .region = "local" }',
  '{ .region = "eu" }',
  '{ resource.region = "eu" }',
  '{ trace:rootService = "web" && kind = client }',
  '{ trace:rootName = "GET /home" && duration < 10ms }',
  "{ trace:duration > 300ms && status = error }",
  "{ !(kind = client) }",
  '{ !(.db.system = "redis") }',
  "{ .db.rows > 5 || duration < 10ms }",
  "{ duration > 100ms && (.db.rows != nil || .http.method != nil) }",
  "{ .nothing > 1 }",
  '{ .db.rows = "5" }',
  "{ .db.rows = 5ms }",
  "{ true }",
  "{ }",
];

/** Every term common: the conditions without the search terms, which only narrow what the index reads. */
const EVERY_TERM = { has: () => true } as unknown as ReadonlySet<string>;

async function sqlSelects(
  text: string,
  common?: ReadonlySet<string>,
): Promise<{ ids: string[]; exact: boolean }> {
  const { root } = parseTraceQL(text);
  if (root.kind !== "filter") throw new Error(`${text} is not one filter`);
  let exact = false;
  const sql = statement((param) => {
    const condition = spanCondition(root.filter, param, common);
    exact = condition.exact;
    return `SELECT s.span_id FROM spans s JOIN traces t USING (trace_id)
            WHERE s.trace_id = ${param(TRACE_ID)} AND ${condition.sql} ORDER BY s.span_id`;
  });
  const rows = await query<{ span_id: string }>(sql.text, sql.values);
  return { ids: rows.map((row) => row.span_id.slice(-1)), exact };
}

function evaluatorSelects(text: string): string[] {
  const [spanset] = evaluateTrace(parseTraceQL(text), spans, text).spansets;
  return (spanset?.spans ?? []).map((span) => span.spanId.slice(-1)).sort();
}

describe("a TraceQL filter in SQL", () => {
  it.each(QUERIES)("%s selects what the evaluator selects", async (text) => {
    const { ids, exact } = await sqlSelects(text);
    const expected = evaluatorSelects(text);
    if (exact) expect(ids).toEqual(expected);
    else expect(ids).toEqual(expect.arrayContaining(expected));
  });

  it.each(QUERIES)("%s selects the same with its search terms left out as common", async (text) => {
    expect(await sqlSelects(text, EVERY_TERM)).toEqual(await sqlSelects(text));
  });

  it("is exact for every filter above but the ones it cannot say in SQL", async () => {
    const inexact = [];
    for (const text of QUERIES) if (!(await sqlSelects(text)).exact) inexact.push(text);
    expect(inexact).toEqual([]);
  });

  it("says which spans the shop questions find", async () => {
    expect((await sqlSelects('{ .db.system = "postgresql" && duration > 100ms }')).ids).toEqual(["3"]);
    expect((await sqlSelects('{ .tags = "b" }')).ids).toEqual(["2"]);
    expect((await sqlSelects('{ .long = "v37" }')).ids).toEqual(["6"]);
  });
});

describe("a count() stage in SQL", () => {
  const WHOLE_WINDOW = { startUs: 0, endUs: Number.MAX_SAFE_INTEGER };
  it.each([
    "{ kind = client } | count() > 1",
    "{ kind = client } | count() > 100",
    "{ } | count() = 6",
    "{ } | count() != 6",
    "{ .db.system != nil } | count() <= 1 | count() > 0",
    "{ duration > 100ms } | count() >= 1",
  ])("%s keeps the trace when the evaluator matches it", async (text) => {
    const { root } = parseTraceQL(text);
    const sql = statement(
      (param) =>
        `SELECT t.trace_id FROM traces t WHERE t.trace_id = ${param(TRACE_ID)} AND ${traceCondition(root, WHOLE_WINDOW, param)}`,
    );
    const kept = (await query(sql.text, sql.values)).length === 1;
    expect(kept).toBe(evaluateTrace(parseTraceQL(text), spans, text).spansets.length > 0);
  });
});
