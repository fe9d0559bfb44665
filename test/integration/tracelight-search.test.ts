import { beforeAll, describe, expect, it } from "vitest";
import type { TraceSummary } from "../../lib/api/trace-summary";
import { baseUrl, postSpans, uniqueTraceId } from "./helpers";

/**
 * Tracelight's own search (`GET /api/search`, the search page's URL): every filter, the orders, and
 * refusals. Service names are this file's own so other tests' spans never match.
 */
const SUFFIX = uniqueTraceId().slice(-8);
const SHOP = `shop-${SUFFIX}`;
const BANK = `bank-${SUFFIX}`;
const NOW_US = Date.now() * 1000;

const slow = uniqueTraceId(); // 2 s, 3 spans, a 503 from the bank
const conflict = uniqueTraceId(); // 40 ms, a 409
const quick = uniqueTraceId(); // 5 ms, ok
const old = uniqueTraceId(); // 3 hours ago

function span(traceId: string, id: string, fields: Record<string, unknown>) {
  return { traceId, id, name: "get /cart", kind: "SERVER", localEndpoint: { serviceName: SHOP }, ...fields };
}

beforeAll(async () => {
  const response = await postSpans([
    span(slow, "00000000000000a1", {
      timestamp: NOW_US - 50_000_000,
      duration: 2_000_000,
      tags: { "http.status_code": "200", tier: "gold plus" },
    }),
    span(slow, "00000000000000a2", {
      parentId: "00000000000000a1",
      name: "charge",
      kind: "CLIENT",
      timestamp: NOW_US - 49_000_000,
      duration: 300_000,
    }),
    span(slow, "00000000000000a3", {
      parentId: "00000000000000a2",
      name: "post /charge",
      localEndpoint: { serviceName: BANK },
      timestamp: NOW_US - 48_900_000,
      duration: 100_000,
      tags: { "http.status_code": "503" },
    }),
    span(conflict, "00000000000000b1", {
      name: "put /cart",
      timestamp: NOW_US - 40_000_000,
      duration: 40_000,
      tags: { "http.status_code": "409" },
    }),
    span(quick, "00000000000000c1", { timestamp: NOW_US - 30_000_000, duration: 5_000 }),
    span(old, "00000000000000d1", { timestamp: NOW_US - 3 * 3_600_000_000, duration: 1_000 }),
  ]);
  expect(response.status).toBe(202);
});

async function search(params: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${baseUrl()}/api/search?${new URLSearchParams(params)}`);
  return { status: response.status, body: await response.json() };
}

async function found(params: Record<string, string>): Promise<string[]> {
  const { status, body } = await search({ service: SHOP, ...params });
  expect(status, JSON.stringify(body)).toBe(200);
  return (body as { traces: TraceSummary[] }).traces.map((trace) => trace.traceId);
}

describe("GET /api/search", () => {
  it("answers summaries of a service's traces in the last hour, newest first", async () => {
    const { body } = await search({ service: SHOP });
    const traces = (body as { traces: TraceSummary[] }).traces;
    expect(traces.map((trace) => trace.traceId)).toEqual([quick, conflict, slow]);
    expect(traces[2]).toMatchObject({
      spanCount: 3,
      errorCount: 1,
      durationUs: 2_000_000,
      rootService: SHOP,
      rootName: "get /cart",
      rootHttpStatus: 200,
      serviceCounts: { [SHOP]: 2, [BANK]: 1 },
    });
  });

  it.each([
    ["an operation", { operation: "put /cart" }, [conflict]],
    ["a tag in logfmt, quoted", { tags: 'tier="gold plus"' }, [slow]],
    ["status error: traces with an error anywhere", { status: "error" }, [slow]],
    ["status ok: traces without any error", { status: "ok" }, [quick, conflict]],
    ["an HTTP status code", { http: "409" }, [conflict]],
    ["an HTTP class", { http: "2xx" }, [slow]],
    ["a span's minimum duration", { minDuration: "1s" }, [slow]],
    ["a span's duration range", { minDuration: "10ms", maxDuration: "100ms" }, [conflict]],
    ["a whole trace's duration", { minDuration: "30ms", maxDuration: "1s", durationOf: "trace" }, [conflict]],
    ["a lookback", { lookback: "4h" }, [quick, conflict, slow, old]],
    [
      "an absolute window",
      { start: String(Math.round(NOW_US / 1000) - 45_000), end: String(Math.round(NOW_US / 1000)) },
      [quick, conflict],
    ],
    ["a limit", { limit: "2" }, [quick, conflict]],
    ["the longest first", { sort: "longest" }, [slow, conflict, quick]],
    ["the most spans first", { sort: "spans" }, [slow, quick, conflict]],
    ["the most errors first", { sort: "errors", lookback: "4h" }, [slow, quick, conflict, old]],
  ])("filters by %s", async (_name, params, expected) => {
    expect(await found(params)).toEqual(expected);
  });

  it("finds a span of another service in the trace, and every service's traces without one", async () => {
    expect(await found({ service: BANK, http: "5xx" })).toEqual([slow]);
    const { body } = await search({ tags: "tier" });
    expect((body as { traces: TraceSummary[] }).traces.map((trace) => trace.traceId)).toContain(slow);
  });

  it.each([
    [{ minDuration: "fast" }, "minDuration"],
    [{ http: "5x" }, "http"],
    [{ sort: "best" }, "sort"],
    [{ tags: '"open' }, "tags"],
  ])("refuses %o with a 400 naming the parameter", async (params, name) => {
    const { status, body } = await search(params);
    expect(status).toBe(400);
    expect((body as { error: string }).error).toMatch(new RegExp(`^${name}:`));
  });
});
