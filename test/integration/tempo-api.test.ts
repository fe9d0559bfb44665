import { beforeAll, describe, expect, it } from "vitest";
import { decodeOtlpProto } from "@/lib/ingest/otlp/proto";
import { shopTraceOtlp, spanIdOf } from "../shop-trace";
import { baseUrl, uniqueTraceId } from "./helpers";

/**
 * Tempo's HTTP API under /tempo, asked as Grafana's Tempo data source asks (its Go backend,
 * grafana-tempo-datasource pkg/tempo): echo for "Save & test", `/api/search` with q, limit, spss,
 * start and end in seconds, the v2 tag routes for the TraceQL editor, and traces by id as protobuf
 * (v2, then v1 when v2 answers 404).
 */
const SERVICE_TAG = `shop-${uniqueTraceId().slice(-6)}`;
const TRACE_ID = `${uniqueTraceId()}0000000000000000`.slice(0, 32).replace(/^./, "a");
const NOW_S = Math.floor(Date.now() / 1000);

/** Every field Grafana's search decoder knows (tempopb.SearchResponse); any other fails its search. */
const TRACE_FIELDS = new Set([
  "traceID",
  "rootServiceName",
  "rootTraceName",
  "startTimeUnixNano",
  "durationMs",
  "spanSet",
  "spanSets",
  "serviceStats",
]);
const SPANSET_FIELDS = new Set(["spans", "matched", "attributes"]);
const SPAN_FIELDS = new Set(["spanID", "name", "startTimeUnixNano", "durationNanos", "attributes"]);

interface TempoSearch {
  traces?: {
    traceID: string;
    rootServiceName: string;
    rootTraceName: string;
    durationMs?: number;
    spanSets: {
      matched: number;
      attributes?: { key: string; value: Record<string, unknown> }[];
      spans: { spanID: string; attributes?: { key: string; value: Record<string, unknown> }[] }[];
    }[];
  }[];
}

function grafanaGet(path: string, accept = "application/json"): Promise<Response> {
  return fetch(`${baseUrl()}/tempo${path}`, { headers: { accept, "user-agent": "Grafana/12.3.0" } });
}

async function search(q: string, spss = "3"): Promise<TempoSearch> {
  const params = new URLSearchParams({
    q,
    limit: "20",
    spss,
    start: String(NOW_S - 3600),
    end: String(NOW_S + 60),
  });
  const response = await grafanaGet(`/api/search?${params}`);
  expect(response.status).toBe(200);
  return (await response.json()) as TempoSearch;
}

/** A filter of this file's trace's spans, by the resource attribute no other test's trace has. */
const ours = (condition: string) => `{ resource.shop.tag = "${SERVICE_TAG}" && ${condition} }`;

beforeAll(async () => {
  const body = shopTraceOtlp(TRACE_ID, Date.now(), SERVICE_TAG);
  const response = await fetch(`${baseUrl()}/v1/traces`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
});

describe("Grafana's Save & test", () => {
  it("is answered by /tempo/api/echo", async () => {
    const response = await grafanaGet("/api/echo", "*/*");
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("echo\n");
  });
});

describe("TraceQL search", () => {
  it("answers a spanset filter in Tempo's shape and nothing more", async () => {
    const { traces = [] } = await search(
      `{ resource.shop.tag = "${SERVICE_TAG}" && .db.system = "postgresql" }`,
    );
    expect(traces).toHaveLength(1);
    const [trace] = traces;
    expect(trace).toMatchObject({
      traceID: TRACE_ID,
      rootServiceName: "web",
      rootTraceName: "GET /home",
      durationMs: 400,
    });
    for (const key of Object.keys(trace ?? {})) expect(TRACE_FIELDS).toContain(key);
    const [spanset] = trace?.spanSets ?? [];
    for (const key of Object.keys(spanset ?? {})) expect(SPANSET_FIELDS).toContain(key);
    for (const span of spanset?.spans ?? [])
      for (const key of Object.keys(span)) expect(SPAN_FIELDS).toContain(key);
    expect(spanset?.matched).toBe(2);
    expect(spanset?.spans.map((span) => span.spanID).sort()).toEqual([spanIdOf(3), spanIdOf(6)]);
    expect(spanset?.spans[0]?.attributes).toEqual(
      expect.arrayContaining([
        { key: "service.name", value: { stringValue: "postgres" } },
        { key: "db.system", value: { stringValue: "postgresql" } },
      ]),
    );
  });

  it("answers the shape question: a slow Postgres query somewhere below GET /home", async () => {
    const slow = await search(
      `{ name = "GET /home" } >> ${ours('.db.system = "postgresql" && duration > 100ms')}`,
    );
    expect(slow.traces?.[0]?.spanSets[0]?.spans.map((span) => span.spanID)).toEqual([spanIdOf(3)]);
    const none = await search(
      `{ name = "GET /home" } >> ${ours('.db.system = "postgresql" && duration > 1s')}`,
    );
    expect(none.traces ?? []).toEqual([]);
  });

  it("relates siblings, and keeps both sides with a union operator", async () => {
    const siblings = await search(`{ .db.system = "redis" } ~ ${ours('.db.system = "postgresql"')}`);
    expect(siblings.traces?.[0]?.spanSets[0]?.spans.map((span) => span.spanID)).toEqual([spanIdOf(3)]);
    const union = await search(`${ours('name = "GET /api"')} &> ${ours("status = error")}`);
    expect(union.traces?.[0]?.spanSets[0]?.spans.map((span) => span.spanID).sort()).toEqual([
      spanIdOf(2),
      spanIdOf(3),
    ]);
  });

  it("counts in a pipeline, naming the aggregate on the spanset", async () => {
    const { traces = [] } = await search(
      `{ resource.shop.tag = "${SERVICE_TAG}" && kind = client } | count() > 3`,
    );
    expect(traces[0]?.spanSets[0]?.attributes).toEqual([{ key: "count()", value: { intValue: "4" } }]);
    expect(
      (await search(`{ resource.shop.tag = "${SERVICE_TAG}" && kind = client } | count() > 4`)).traces ?? [],
    ).toEqual([]);
  });

  it("groups by a field into spansets of their own", async () => {
    const { traces = [] } = await search(
      `{ resource.shop.tag = "${SERVICE_TAG}" && kind = client } | by(resource.service.name)`,
    );
    const groups = traces[0]?.spanSets.map((set) => set.attributes?.[0]?.value.stringValue).sort();
    expect(groups).toEqual(["api", "postgres", "redis"]);
  });

  it("cuts each spanset to spss spans, keeping the count matched", async () => {
    const { traces = [] } = await search(`{ resource.shop.tag = "${SERVICE_TAG}" }`, "2");
    expect(traces[0]?.spanSets[0]?.spans).toHaveLength(2);
    expect(traces[0]?.spanSets[0]?.matched).toBe(6);
  });

  it("refuses a query it cannot read as Tempo does: 400, plain text, the place and what was expected", async () => {
    const response = await grafanaGet(`/api/search?q=${encodeURIComponent("{ .a = }")}`);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await response.text()).toBe(
      'invalid TraceQL query: parse error at line 1, col 8: unexpected "}" after =: expected a value or a field',
    );
    const metrics = await grafanaGet(`/api/metrics/query_range?q=${encodeURIComponent("{ } | rate()")}`);
    expect(metrics.status).toBe(400);
    expect(await metrics.text()).toMatch(/TraceQL metrics are not supported/);
    expect((await grafanaGet("/api/search?limit=0")).status).toBe(400);
  });
});

describe("the TraceQL editor's tags", () => {
  it("lists names by scope, with every spelling of the intrinsics", async () => {
    const response = await grafanaGet("/api/v2/search/tags?limit=5000");
    expect(response.status).toBe(200);
    const { scopes } = (await response.json()) as { scopes: { name: string; tags: string[] }[] };
    const byScope = Object.fromEntries(scopes.map((scope) => [scope.name, scope.tags]));
    expect(byScope.resource).toEqual(
      expect.arrayContaining(["service.name", "shop.tag", "deployment.environment"]),
    );
    expect(byScope.span).toEqual(expect.arrayContaining(["db.system", "http.method", "db.rows"]));
    expect(byScope.intrinsic).toEqual(
      expect.arrayContaining(["duration", "name", "status", "span:name", "trace:rootService"]),
    );
    const span = (await (await grafanaGet("/api/v2/search/tags?scope=span")).json()) as {
      scopes: { name: string }[];
    };
    expect(span.scopes.map((scope) => scope.name)).toEqual(["span"]);
    expect((await grafanaGet("/api/v2/search/tags?scope=nowhere")).status).toBe(400);
  });

  it("lists a field's values, typed as the query builder quotes them", async () => {
    const values = async (tag: string) => {
      const response = await grafanaGet(`/api/v2/search/tag/${encodeURIComponent(tag)}/values?limit=5000`);
      expect(response.status).toBe(200);
      return ((await response.json()) as { tagValues: { type: string; value: string }[] }).tagValues;
    };
    expect(await values("resource.service.name")).toEqual(
      expect.arrayContaining([{ type: "string", value: "postgres" }]),
    );
    expect(await values("span.db.rows")).toEqual(expect.arrayContaining([{ type: "int", value: "50" }]));
    expect(await values(".retried")).toEqual(expect.arrayContaining([{ type: "bool", value: "true" }]));
    expect(await values("status")).toEqual([
      { type: "keyword", value: "error" },
      { type: "keyword", value: "ok" },
      { type: "keyword", value: "unset" },
    ]);
    expect((await grafanaGet("/api/v2/search/tag/no%20such%20thing/values")).status).toBe(400);
  });
});

describe("a trace by id", () => {
  it("is protobuf when Grafana asks for it, v2 wrapping v1's OTLP bytes", async () => {
    const trimmed = TRACE_ID.replace(/^0+/, "");
    const v2 = await grafanaGet(`/api/v2/traces/${trimmed}`, "application/protobuf");
    expect(v2.status).toBe(200);
    expect(v2.headers.get("content-type")).toBe("application/protobuf");
    const body = Buffer.from(await v2.arrayBuffer());
    expect(body[0]).toBe(0x0a); // field 1, the trace
    const v1 = await grafanaGet(`/api/traces/${trimmed}`, "application/protobuf");
    const otlp = Buffer.from(await v1.arrayBuffer());
    expect(body.subarray(body.length - otlp.length)).toEqual(otlp);
    const spans = decodeOtlpProto(otlp).spans;
    expect(spans.map((span) => span.spanId).sort()).toEqual([1, 2, 3, 4, 5, 6].map(spanIdOf));
    expect(spans.find((span) => span.spanId === spanIdOf(3))?.status).toEqual({
      code: "ERROR",
      message: "deadlock detected",
    });
  });

  it("is an empty trace from v2 and a 404 from v1 when not stored, as Tempo's", async () => {
    const unknown = "00000000000000000000000000abcdef";
    const v2 = await grafanaGet(`/api/v2/traces/${unknown}`, "application/protobuf");
    expect(v2.status).toBe(200);
    expect((await v2.arrayBuffer()).byteLength).toBe(0);
    expect((await grafanaGet(`/api/traces/${unknown}`, "application/protobuf")).status).toBe(404);
  });

  it("is OTLP JSON otherwise: batches from v1, a trace from v2", async () => {
    const v1 = (await (await grafanaGet(`/api/traces/${TRACE_ID}`)).json()) as { batches: unknown[] };
    expect(v1.batches).toHaveLength(4);
    const v2 = (await (await grafanaGet(`/api/v2/traces/${TRACE_ID}`)).json()) as {
      trace: { resourceSpans: unknown[] };
    };
    expect(v2.trace.resourceSpans).toHaveLength(4);
  });
});
