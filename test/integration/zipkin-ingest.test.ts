import { describe, expect, it } from "vitest";
import { encodeZipkinV2 } from "../../lib/encode/zipkin-v2";
import { decodeZipkinV2 } from "../../lib/ingest/zipkin/v2";
import { readZipkinV2Fixture } from "../fixtures";
import { readTestData } from "../test-data";
import { baseUrl, countSpans, postSpans, query, uniqueTraceId } from "./helpers";

function span(traceId: string, id: string, extra: Record<string, unknown> = {}) {
  return {
    traceId,
    id,
    name: "get /users",
    kind: "SERVER",
    timestamp: 1_700_000_000_000_000,
    duration: 1500,
    localEndpoint: { serviceName: "users", ipv4: "10.0.0.1", port: 8080 },
    tags: { "http.method": "GET" },
    ...extra,
  };
}

async function getTrace(traceId: string) {
  const response = await fetch(`${baseUrl()}/api/v2/trace/${traceId}`);
  return { status: response.status, body: await response.json() };
}

/** Stores a Zipkin v2 trace and reads it back as Zipkin's own normalisation of it. */
async function expectServedBackAsZipkinGaveIt(fixture: unknown[]) {
  expect((await postSpans(fixture)).status).toBe(202);
  const expected = encodeZipkinV2(decodeZipkinV2(fixture).spans);
  const traceId = expected[0]?.traceId as string;
  const { status, body } = await getTrace(traceId);
  expect(status).toBe(200);
  const key = (s: { id: string; shared?: boolean }) => `${s.id}${s.shared ? "*" : ""}`;
  const byKey = (spans: { id: string; shared?: boolean }[]) =>
    [...spans].sort((a, b) => key(a).localeCompare(key(b)));
  expect(byKey(body)).toEqual(byKey(expected));
}

describe("POST /api/v2/spans", () => {
  it("stores a real trace and serves it back as Zipkin gave it", { tags: ["corpus"] }, async () => {
    await expectServedBackAsZipkinGaveIt(readZipkinV2Fixture("zipkin/lens-testdata/yelp.json"));
  });

  it("stores test/data's trace and serves it back as Zipkin gave it", async () => {
    await expectServedBackAsZipkinGaveIt(readTestData("zipkin-v2-checkout.json") as unknown[]);
  });

  it("keeps both halves of a shared span id and counts them in the trace summary", async () => {
    const traceId = uniqueTraceId();
    const client = span(traceId, "00000000000000c1", {
      kind: "CLIENT",
      localEndpoint: { serviceName: "front" },
    });
    const server = span(traceId, "00000000000000c1", {
      shared: true,
      timestamp: 1_700_000_000_000_100,
      duration: 1200,
    });
    expect((await postSpans([client, server])).status).toBe(202);
    const { body } = await getTrace(traceId);
    expect(body).toHaveLength(2);
    const [summary] = await query("SELECT span_count, service_counts FROM traces WHERE trace_id = $1", [
      traceId,
    ]);
    expect(summary).toEqual({ span_count: 2, service_counts: { front: 1, users: 1 } });
  });

  it("stores a span sent twice once, and counts it once", async () => {
    const traceId = uniqueTraceId();
    const body = [span(traceId, "00000000000000d1", { tags: { error: "timeout" } })];
    expect((await postSpans(body)).status).toBe(202);
    expect((await postSpans(body)).status).toBe(202);
    const rows = await query("SELECT count(*)::int AS n FROM spans WHERE trace_id = $1", [traceId]);
    expect(rows[0]).toEqual({ n: 1 });
    const [summary] = await query("SELECT span_count, error_count FROM traces WHERE trace_id = $1", [
      traceId,
    ]);
    expect(summary).toEqual({ span_count: 1, error_count: 1 });
  });

  it("stores and counts only the new spans of a batch that repeats some", async () => {
    const traceId = uniqueTraceId();
    const first = span(traceId, "00000000000000d2");
    const second = span(traceId, "00000000000000d3", {
      parentId: "00000000000000d2",
      localEndpoint: { serviceName: "db" },
    });
    expect((await postSpans([first])).status).toBe(202);
    expect((await postSpans([first, second, second])).status).toBe(202);
    const [summary] = await query("SELECT span_count, service_counts FROM traces WHERE trace_id = $1", [
      traceId,
    ]);
    expect(summary).toEqual({ span_count: 2, service_counts: { users: 1, db: 1 } });
    expect((await getTrace(traceId)).body).toHaveLength(2);
  });

  it("stores concurrent requests each whole or not at all, even when one of them is bad", async () => {
    const traceIds = Array.from({ length: 8 }, () => uniqueTraceId());
    const bodies = traceIds.map((traceId, i) => [
      span(traceId, "00000000000000e1"),
      span(traceId, "00000000000000e2", { name: i === 3 ? "nul\u0000" : "ok" }),
    ]);
    const statuses = await Promise.all(bodies.map(async (body) => (await postSpans(body)).status));
    expect(statuses).toEqual([202, 202, 202, 400, 202, 202, 202, 202]);
    const stored = await query<{ trace_id: string; n: number }>(
      "SELECT trace_id, count(*)::int AS n FROM spans WHERE trace_id = ANY($1) GROUP BY 1",
      [traceIds],
    );
    expect(Object.fromEntries(stored.map((row) => [row.trace_id, row.n]))).toEqual(
      Object.fromEntries(traceIds.filter((_, i) => i !== 3).map((traceId) => [traceId, 2])),
    );
  });

  it("accepts gzip and normalises ids: upper case, short, and 128-bit with zero high bits", async () => {
    const low = uniqueTraceId().slice(16);
    const body = [span(`0000000000000000${low.toUpperCase()}`, "E1", { parentId: "0000000000000000" })];
    expect((await postSpans(body, { gzip: true })).status).toBe(202);
    const { status, body: stored } = await getTrace(low);
    expect(status).toBe(200);
    expect(stored[0]).toMatchObject({ traceId: low, id: "00000000000000e1" });
    expect(stored[0]).not.toHaveProperty("parentId");
  });

  it("puts the earliest parentless span at the root of the summary, whichever request brought it", async () => {
    const traceId = uniqueTraceId();
    const child = span(traceId, "00000000000000f2", {
      parentId: "00000000000000f1",
      name: "select",
      timestamp: 1_700_000_000_000_010,
    });
    const root = span(traceId, "00000000000000f1", { name: "get /", tags: { "http.status_code": "503" } });
    await postSpans([child]);
    await postSpans([root]);
    const [summary] = await query(
      "SELECT root_name, root_span_id, root_http_status, error_count FROM traces WHERE trace_id = $1",
      [traceId],
    );
    expect(summary).toEqual({
      root_name: "get /",
      root_span_id: "00000000000000f1",
      root_http_status: 503,
      error_count: 1,
    });
  });

  const traceId = uniqueTraceId();
  const good = span(traceId, "00000000000000a1");
  it.each([
    ["not JSON", "{oops", "body is not JSON"],
    ["an object instead of a list", JSON.stringify({ traceId }), "expected a JSON array of Zipkin v2 spans"],
    ["a bad hex trace id in the second span", [good, span("xyz!", "a2")], "span[1].traceId"],
    ["a missing span id", [good, { ...span(traceId, "a3"), id: undefined }], "span[1].id"],
    ["a duration given as a string", [good, span(traceId, "a4", { duration: "12" })], "span[1].duration"],
    ["tags that are a list", [good, span(traceId, "a5", { tags: ["a"] })], "span[1].tags"],
    ["an unknown kind", [good, span(traceId, "a6", { kind: "SIDEWAYS" })], "span[1].kind"],
    [
      "a NUL character PostgreSQL cannot store",
      [good, span(traceId, "a7", { name: "a\u0000b" })],
      "PostgreSQL",
    ],
  ])("refuses %s with a 400 naming it and stores nothing", async (_name, body, message) => {
    const before = await countSpans();
    const response = await postSpans(body);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toContain(message);
    expect(await countSpans()).toBe(before);
  });

  it("refuses a body past the limit with 413, also when it is only that large once decompressed", async () => {
    const huge = JSON.stringify([{ ...good, name: "x".repeat(17 * 1024 * 1024) }]);
    const before = await countSpans();
    for (const gzip of [false, true]) {
      const response = await postSpans(huge, { gzip });
      expect(response.status).toBe(413);
      expect((await response.json()).error).toContain("TRACELIGHT_MAX_BODY_BYTES");
    }
    expect(await countSpans()).toBe(before);
    expect((await fetch(`${baseUrl()}/api/health`)).status).toBe(200);
  });

  it("refuses content types it does not decode with 415", async () => {
    const response = await postSpans([good], { contentType: "application/x-thrift" });
    expect(response.status).toBe(415);
  });
});

describe("GET /api/v2/trace/{traceId}", () => {
  it("answers 404 for an unknown trace and 400 for an id that is not hex", async () => {
    expect((await getTrace("00000000000000000000000000abcdef")).status).toBe(404);
    const bad = await getTrace("not-a-trace");
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain("traceId is not hex");
  });
});

describe("GET /api/v2/services and /api/health", () => {
  it("lists the services that sent spans", async () => {
    await postSpans([
      span(uniqueTraceId(), "00000000000000b1", { localEndpoint: { serviceName: "billing" } }),
    ]);
    const services = await (await fetch(`${baseUrl()}/api/v2/services`)).json();
    expect(services).toContain("billing");
    expect(services).toEqual([...services].sort());
  });

  it("reports the database up", async () => {
    const response = await fetch(`${baseUrl()}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: "up" });
  });
});
