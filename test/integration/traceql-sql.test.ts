import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { closeDb } from "@/lib/db/pool";
import { statement } from "@/lib/db/search-sql";
import { spanCondition } from "@/lib/db/traceql-sql";
import { readTrace } from "@/lib/db/traces";
import type { Span } from "@/lib/model/span";
import { evaluateTrace } from "@/lib/traceql/evaluate";
import { parseTraceQL } from "@/lib/traceql/parse";
import { baseUrl, query, uniqueTraceId } from "./helpers";

/**
 * A TraceQL filter compiled to SQL selects exactly the spans the evaluator selects, on the same
 * stored spans: the two are the search's two halves (SQL finds, the evaluator confirms), so where the
 * SQL claims to be exact, a difference would be a wrong search result.
 */
const TRACE_ID = `${uniqueTraceId()}0000000000000000`.slice(0, 32);
const NOW_NS = BigInt(Date.now()) * 1_000_000n;

const value = (raw: unknown): Record<string, unknown> => {
  if (typeof raw === "string") return { stringValue: raw };
  if (typeof raw === "boolean") return { boolValue: raw };
  if (typeof raw === "number")
    return Number.isInteger(raw) ? { intValue: String(raw) } : { doubleValue: raw };
  return { arrayValue: { values: (raw as unknown[]).map(value) } };
};
const attributes = (fields: Record<string, unknown>) =>
  Object.entries(fields).map(([key, raw]) => ({ key, value: value(raw) }));

function otlpSpan(
  spanId: string,
  parentSpanId: string,
  name: string,
  kind: number,
  startMs: number,
  durationMs: number,
  fields: Record<string, unknown>,
  status?: { code: number; message?: string },
) {
  const start = NOW_NS - 60_000_000_000n + BigInt(startMs) * 1_000_000n;
  return {
    traceId: TRACE_ID,
    spanId,
    parentSpanId,
    name,
    kind,
    startTimeUnixNano: String(start),
    endTimeUnixNano: String(start + BigInt(durationMs) * 1_000_000n),
    attributes: attributes(fields),
    ...(status ? { status } : {}),
  };
}

function resourceSpans(service: string, extra: Record<string, unknown>, spans: unknown[]) {
  return {
    resource: { attributes: attributes({ "service.name": service, ...extra }) },
    scopeSpans: [{ spans }],
  };
}

let spans: Span[] = [];

beforeAll(async () => {
  process.env.DATABASE_URL = inject("databaseUrl");
  const body = {
    resourceSpans: [
      resourceSpans("web", { "deployment.environment": "prod", region: "eu" }, [
        otlpSpan("0000000000000001", "", "GET /home", 2, 0, 400, {
          "http.method": "GET",
          "http.status_code": 200,
        }),
        otlpSpan("0000000000000005", "0000000000000001", "render", 1, 300, 30, {
          region: "local",
          ratio: 0.25,
        }),
      ]),
      resourceSpans("api", { "deployment.environment": "prod" }, [
        otlpSpan("0000000000000002", "0000000000000001", "GET /api", 3, 10, 200, {
          "http.method": "GET",
          tags: ["a", "b", 3],
          retried: true,
        }),
      ]),
      resourceSpans("postgres", { "db.engine": "pg15" }, [
        otlpSpan(
          "0000000000000003",
          "0000000000000002",
          "SELECT",
          3,
          20,
          150,
          { "db.system": "postgresql", "db.rows": 5, "db.statement": "SELECT * FROM carts" },
          { code: 2, message: "deadlock detected" },
        ),
        otlpSpan("0000000000000006", "0000000000000005", "SELECT", 3, 310, 20, {
          "db.system": "postgresql",
          "db.rows": 50,
          long: Array.from({ length: 40 }, (_, i) => `v${i}`),
        }),
      ]),
      resourceSpans("redis", {}, [
        otlpSpan("0000000000000004", "0000000000000002", "cache get", 3, 20, 5, {
          "db.system": "redis",
          hit: false,
        }),
      ]),
    ],
  };
  const response = await fetch(`${baseUrl()}/v1/traces`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
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

async function sqlSelects(text: string): Promise<{ ids: string[]; exact: boolean }> {
  const { root } = parseTraceQL(text);
  if (root.kind !== "filter") throw new Error(`${text} is not one filter`);
  let exact = false;
  const sql = statement((param) => {
    const condition = spanCondition(root.filter, param);
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
