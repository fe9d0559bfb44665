import { beforeAll, describe, expect, it } from "vitest";
import {
  traceqlRefusalSchema,
  traceqlSearchResponseSchema,
  traceqlTagsResponseSchema,
  traceqlTagValuesResponseSchema,
} from "../../lib/api/traceql";
import { shopTraceOtlp, spanIdOf } from "../shop-trace";
import { baseUrl, uniqueTraceId } from "./helpers";

/**
 * The search page's TraceQL endpoints: the search with each trace's matched spans and a 400 saying
 * where a query stops parsing, and the editor's attribute names and values, over one shop trace
 * (test/shop-trace.ts) tagged with this file's own resource attribute.
 */
const TAG = `tql-${uniqueTraceId().slice(-8)}`;
const TRACE_ID = uniqueTraceId();
const ours = (condition: string) => `{ resource.shop.tag = "${TAG}" && ${condition} }`;

beforeAll(async () => {
  const response = await fetch(`${baseUrl()}/v1/traces`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(shopTraceOtlp(TRACE_ID, Date.now(), TAG)),
  });
  expect(response.status).toBe(200);
});

async function get(path: string, params: Record<string, string>) {
  const response = await fetch(`${baseUrl()}${path}?${new URLSearchParams(params)}`);
  return { status: response.status, body: (await response.json()) as unknown };
}

describe("GET /api/search/traceql", () => {
  it.each([
    ["a span attribute", ours('span.db.system = "postgresql"'), [3, 6]],
    ["an error status", ours("status = error"), [3]],
    ["a structural query", `${ours('name = "GET /api"')} > ${ours("duration > 100ms")}`, [3]],
  ])("answers the trace with the spans %s selects", async (_, q, spans) => {
    const { status, body } = await get("/api/search/traceql", { q, lookback: "1h" });
    expect(status, JSON.stringify(body)).toBe(200);
    const { traces } = traceqlSearchResponseSchema.parse(body);
    expect(traces.map((trace) => trace.traceId)).toEqual([TRACE_ID]);
    expect(new Set(traces[0]?.matchedSpanIds)).toEqual(new Set(spans.map(spanIdOf)));
    expect(traces[0]).toMatchObject({ rootService: "web", rootName: "GET /home", spanCount: 6 });
  });

  it("answers no trace outside the window", async () => {
    const end = new Date(Date.now() - 3_600_000).toISOString();
    const { body } = await get("/api/search/traceql", { q: ours("true"), end, lookback: "1h" });
    expect(traceqlSearchResponseSchema.parse(body).traces).toEqual([]);
  });

  it("refuses a query that does not parse with where it stops", async () => {
    const { status, body } = await get("/api/search/traceql", { q: '{ span.a = "x" &&  }' });
    expect(status).toBe(400);
    const refusal = traceqlRefusalSchema.parse(body);
    expect(refusal.position).toMatchObject({ line: 1 });
    expect(refusal.position.from).toBeGreaterThanOrEqual(15);
    expect(refusal.error).toMatch(/^parse error at line 1, col \d+: /);
  });

  it.each([
    [{}, "q is required"],
    [{ q: "{ }", limit: "0" }, "limit"],
    [{ q: "{ }", lookback: "forever" }, "lookback"],
  ])("refuses %j naming the parameter", async (params, message) => {
    const { status, body } = await get("/api/search/traceql", params);
    expect(status).toBe(400);
    expect((body as { error: string }).error).toContain(message);
  });
});

describe("the editor's suggestions", () => {
  it("lists attribute names by scope", async () => {
    const { status, body } = await get("/api/traceql/tags", {});
    expect(status).toBe(200);
    const tags = traceqlTagsResponseSchema.parse(body);
    expect(tags.span).toEqual(expect.arrayContaining(["db.system", "http.method"]));
    expect(tags.resource).toEqual(expect.arrayContaining(["service.name", "shop.tag"]));
  });

  it.each([
    ["span.db.system", { type: "string", value: "postgresql" }],
    [".db.rows", { type: "int", value: "50" }],
    ["status", { type: "keyword", value: "error" }],
  ])("lists the values of %s, typed", async (tag, value) => {
    const { status, body } = await get("/api/traceql/tag-values", { tag });
    expect(status).toBe(200);
    expect(traceqlTagValuesResponseSchema.parse(body).values).toContainEqual(value);
  });

  it("refuses a tag that is not a field", async () => {
    const { status, body } = await get("/api/traceql/tag-values", { tag: "{ }" });
    expect(status).toBe(400);
    expect((body as { error: string }).error).toContain("not a TraceQL attribute");
  });
});
