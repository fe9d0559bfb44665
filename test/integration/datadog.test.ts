import { randomBytes } from "node:crypto";
import { encode } from "@msgpack/msgpack";
import { describe, expect, it } from "vitest";
import type { Span } from "../../lib/model/span";
import { type RecordedSpan, runTestTracer } from "../datadog-tracer";
import { baseUrl } from "./helpers";

/**
 * The Datadog agent's trace API on the main port: the real dd-trace library sends a trace there as it
 * sends to an agent on 8126, and the trace reads back whole through the canonical API; garbage is
 * refused with a 400 naming where, and the server keeps serving.
 */

async function fetchCanonical(traceId: string): Promise<Span[]> {
  const response = await fetch(`${baseUrl()}/api/trace/${traceId}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { spans: Span[] }).spans;
}

function putTraces(path: string, body: Uint8Array | string, contentType = "application/msgpack") {
  const payload = typeof body === "string" ? body : Buffer.from(body);
  return fetch(`${baseUrl()}${path}`, {
    method: "PUT",
    headers: { "content-type": contentType },
    body: payload,
  });
}

describe.each([
  ["0.4", 128],
  ["0.5", 64],
] as const)("dd-trace over v%s with %i-bit trace ids, sent to the main port", (version, bits) => {
  it("stores the whole trace, read back by its trace id", { timeout: 30_000 }, async () => {
    const recorded = await runTestTracer(baseUrl(), version, bits);
    const traceId = (recorded[0] as RecordedSpan).traceId;
    expect(traceId).toHaveLength(bits / 4);
    const stored = await fetchCanonical(traceId);

    const place = ({ traceId, spanId, parentSpanId, startUs, durationUs }: Span) => ({
      traceId,
      spanId,
      parentSpanId,
      startUs,
      durationUs,
    });
    const sent = (span: RecordedSpan) => ({
      traceId: span.traceId,
      spanId: span.spanId,
      parentSpanId: span.parentId,
      startUs: span.startMs * 1000,
      durationUs: (span.endMs - span.startMs) * 1000,
    });
    const bySpanId = (spans: { spanId: string }[]) =>
      [...spans].sort((a, b) => a.spanId.localeCompare(b.spanId));
    expect(bySpanId(stored.map(place))).toStrictEqual(bySpanId(recorded.map(sent)));

    const named = new Map(stored.map((span) => [span.name, span]));
    expect([...named.keys()].sort()).toStrictEqual([
      "GET /cart/:id",
      "POST /charge",
      "SELECT * FROM carts WHERE id = $1",
      "retry.wait",
    ]);
    expect(named.get("GET /cart/:id")).toMatchObject({
      kind: "SERVER",
      serviceName: "checkout",
      attributes: { "operation.name": "express.request", "http.status_code": "200", env: "test" },
    });
    expect(named.get("SELECT * FROM carts WHERE id = $1")).toMatchObject({
      kind: "CLIENT",
      serviceName: "checkout-db",
      remoteServiceName: "db.internal",
      attributes: { "db.system": "postgres", "db.row_count": 3 },
    });
    const query = named.get("SELECT * FROM carts WHERE id = $1") as Span;
    expect(named.get("POST /charge")).toMatchObject({
      kind: "CLIENT",
      remoteServiceName: "payments",
      status: { code: "ERROR", message: "card declined" },
      events: [{ name: "retry", attributes: { attempt: 2, reason: "timeout" } }],
      links: [{ traceId, spanId: query.spanId, type: "LINK" }],
    });
  });
});

describe("the Datadog trace endpoints refuse garbage and keep serving", () => {
  it.each([
    ["random bytes as v0.4 msgpack", "/v0.4/traces", randomBytes(256), /^body is not valid msgpack|^traces/],
    [
      "random bytes as v0.5 msgpack",
      "/v0.5/traces",
      randomBytes(256),
      /^body is not valid msgpack|^body:|^strings|^traces/,
    ],
    [
      "a string span id",
      "/v0.4/traces",
      encode([[{ trace_id: 1, span_id: "x", start: 1 }]]),
      /^traces\[0\]\[0\]\.span_id: expected an unsigned 64-bit integer, got string$/,
    ],
    [
      "a map for the traces",
      "/v0.5/traces",
      encode({ strings: [] }),
      /^body: expected a \[strings, traces\] array, got object$/,
    ],
  ])("answers %s with a 400 naming where", async (_case, path, body, message) => {
    const response = await putTraces(path, body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(message);
  });

  it("answers JSON with a wrong type with a 400 naming the field", async () => {
    const response = await putTraces(
      "/v0.3/traces",
      '[[{"trace_id":1,"span_id":2,"start":"soon"}]]',
      "application/json",
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toStrictEqual({
      error: "traces[0][0].start: expected an integer, got string",
    });
  });

  it("answers a Content-Type the endpoint does not take with 415", async () => {
    const response = await putTraces("/v0.5/traces", "[]", "application/json");
    expect(response.status).toBe(415);
  });

  it("answers a probe and a valid trace with the agent's sampling rates, after all that", async () => {
    const probe = await putTraces("/v0.4/traces", new Uint8Array());
    expect(probe.status).toBe(200);
    const traceId = BigInt(`0x${randomBytes(8).toString("hex")}`) | 1n;
    const span = {
      trace_id: traceId,
      span_id: 5n,
      parent_id: 0n,
      name: "job",
      resource: "nightly",
      service: "cron",
    };
    const body = encode([[{ ...span, start: BigInt(Date.now()) * 1_000_000n, duration: 1_000, error: 0 }]], {
      useBigInt64: true,
    });
    const response = await putTraces("/v0.4/traces", body);
    expect(response.status).toBe(200);
    expect(await response.json()).toStrictEqual({ rate_by_service: { "service:,env:": 1 } });
    const [stored] = await fetchCanonical(traceId.toString(16).padStart(16, "0"));
    expect(stored).toMatchObject({
      name: "nightly",
      serviceName: "cron",
      attributes: { "operation.name": "job" },
    });
    expect((await fetch(`${baseUrl()}/api/health`)).status).toBe(200);
  });
});
