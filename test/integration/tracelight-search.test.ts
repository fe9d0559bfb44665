import { beforeAll, describe, expect, it } from "vitest";
import type { TraceSummary } from "../../lib/api/trace-summary";
import { searchTraceSpans } from "../search-traces";
import { baseUrl, postSpans, uniqueTraceId } from "./helpers";

/**
 * Tracelight's own search (`GET /api/search`, the search page's URL): every filter, the orders, and
 * refusals, over the search tests' traces (test/search-traces.ts) under service names of this file's own.
 */
const SUFFIX = uniqueTraceId().slice(-8);
const SHOP = `shop-${SUFFIX}`;
const BANK = `bank-${SUFFIX}`;
const NOW_US = Date.now() * 1000;

const slow = uniqueTraceId();
const conflict = uniqueTraceId();
const quick = uniqueTraceId();
const old = uniqueTraceId();

beforeAll(async () => {
  const spans = searchTraceSpans(NOW_US, { shop: SHOP, bank: BANK }, { slow, conflict, quick, old });
  expect((await postSpans(spans)).status).toBe(202);
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
    [
      "an excluded tag: traces none of whose spans carry it",
      { tags: '!tier="gold plus"' },
      [quick, conflict],
    ],
    ["a tag and an excluded key", { tags: "!tier http.status_code=409" }, [conflict]],
    ["an excluded value", { tags: "!http.status_code=409" }, [quick, slow]],
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
