import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../lib/net/free-port";
import { wideZipkinTrace } from "../spans";
import { startTestServer, type TestServer } from "../test-server";

/**
 * Whole-trace reads against a server whose bounds are small enough to reach: a trace past
 * TRACELIGHT_MAX_TRACE_SPANS is served truncated and says so in each API's way, a burst of reads past
 * TRACELIGHT_MAX_TRACE_READS is answered (the rest 503 with Retry-After, never 500), and the server
 * goes on serving.
 */
const MAX_SPANS = 1_000;
const BIG_SPANS = 2_500;
const SMALL_SPANS = 400;

let server: TestServer;
const big = "b16b16b16b16b16b16b16b16b16b16b1";
const small = "5a115a115a115a115a115a115a115a11";

/** A trace of `count` spans, posted as Zipkin v2 JSON. */
async function postTrace(traceId: string, count: number): Promise<void> {
  const spans = wideZipkinTrace(traceId, count, "bounded-reads");
  const response = await fetch(`${server.baseUrl}/api/v2/spans`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(spans),
  });
  expect(response.status).toBe(202);
}

const get = (path: string) => fetch(`${server.baseUrl}${path}`);

beforeAll(async () => {
  server = await startTestServer(await freePort(), {
    peerPorts: false,
    env: { TRACELIGHT_MAX_TRACE_SPANS: String(MAX_SPANS), TRACELIGHT_MAX_TRACE_READS: "1" },
  });
  await postTrace(big, BIG_SPANS);
  await postTrace(small, SMALL_SPANS);
});

afterAll(() => server?.stop());

describe("a trace past TRACELIGHT_MAX_TRACE_SPANS", () => {
  it("is served truncated to its earliest spans, with its true count", async () => {
    const response = await get(`/api/trace/${big}`);
    expect(response.status).toBe(200);
    const trace = (await response.json()) as { spans: { name: string }[]; totalSpans: number };
    expect(trace.spans).toHaveLength(MAX_SPANS);
    expect(trace.totalSpans).toBe(BIG_SPANS);
    expect(trace.spans[0]?.name).toBe("step 0");
    expect(trace.spans.at(-1)?.name).toBe(`step ${MAX_SPANS - 1}`);
  });

  it("carries a warning in Jaeger's trace, and only the bound's spans in Zipkin's", async () => {
    const jaeger = (await (await get(`/api/traces/${big}`)).json()) as {
      data: { spans: unknown[]; warnings: string[] | null }[];
    };
    expect(jaeger.data[0]?.spans).toHaveLength(MAX_SPANS);
    expect(jaeger.data[0]?.warnings).toEqual([
      `truncated: the first ${MAX_SPANS} of the trace's ${BIG_SPANS} spans (TRACELIGHT_MAX_TRACE_SPANS)`,
    ]);
    const zipkin = (await (await get(`/api/v2/trace/${big}`)).json()) as unknown[];
    expect(zipkin).toHaveLength(MAX_SPANS);
  });

  it("is analysed on what was read", async () => {
    const response = await get(`/api/traces/${big}/analysis`);
    expect(response.status).toBe(200);
    expect(Object.keys(((await response.json()) as { spans: object }).spans)).toHaveLength(MAX_SPANS);
  });

  it("keeps several traces asked for together within the bound, saying which were left out", async () => {
    const jaeger = (await (await get(`/api/traces?traceID=${small}&traceID=${big}`)).json()) as {
      data: { traceID: string }[];
      errors: { code: number; traceID: string }[] | null;
    };
    expect(jaeger.data.map((trace) => trace.traceID)).toEqual([small]);
    expect(jaeger.errors).toEqual([expect.objectContaining({ code: 413, traceID: big })]);
    const zipkin = (await (await get(`/api/v2/traceMany?traceIds=${small},${big}`)).json()) as unknown[][];
    expect(zipkin.map((trace) => trace.length)).toEqual([SMALL_SPANS]);
  });

  it("is left out of a search answering whole traces once the answer is full", async () => {
    const response = await get("/api/traces?service=bounded-reads&lookback=1h&limit=10");
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as { data: { spans: unknown[] }[] };
    expect(data.reduce((sum, trace) => sum + trace.spans.length, 0)).toBeLessThanOrEqual(MAX_SPANS);
    expect(data.length).toBeGreaterThan(0);
  });
});

describe("a burst of whole-trace reads past TRACELIGHT_MAX_TRACE_READS", () => {
  it("is answered 200 in turn or 503 with Retry-After, never 500, and the server goes on", async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, async () => {
        const response = await get(`/api/trace/${big}`);
        await response.arrayBuffer();
        return { status: response.status, retryAfter: response.headers.get("retry-after") };
      }),
    );
    const statuses = new Set(answers.map((answer) => answer.status));
    expect([...statuses].every((status) => status === 200 || status === 503)).toBe(true);
    expect(answers.filter((answer) => answer.status === 200).length).toBeGreaterThan(0);
    expect(answers.filter((answer) => answer.status === 503).length).toBeGreaterThan(0);
    for (const answer of answers.filter(({ status }) => status === 503)) {
      expect(Number(answer.retryAfter)).toBeGreaterThan(0);
    }
    expect((await get("/api/health")).status).toBe(200);
    expect((await get(`/api/trace/${small}`)).status).toBe(200);
  });
});

describe("a read past TRACELIGHT_QUERY_TIMEOUT", () => {
  let slow: TestServer;
  beforeAll(async () => {
    slow = await startTestServer(await freePort(), {
      peerPorts: false,
      databaseUrl: server.databaseUrl,
      env: { TRACELIGHT_QUERY_TIMEOUT: "300ms" },
    });
  });
  afterAll(() => slow?.stop());

  it.each([
    `/api/trace/${big}`,
    `/api/traces/${big}`,
    "/api/search?lookback=1h",
    "/api/graph?lookback=1h",
    "/api/services/metrics?lookback=1h",
    "/api/services/paths?service=api&lookback=1h",
  ])("%s answers 503 with Retry-After, not 500, when the tables it reads are locked", async (path) => {
    // Another session holds the tables every read needs: each read waits until its timeout cancels it.
    const locker = new pg.Client({ connectionString: server.databaseUrl });
    await locker.connect();
    try {
      await locker.query("BEGIN");
      await locker.query(
        "LOCK TABLE spans, traces, operation_latency, dependency_links, graph_nodes, service_paths IN ACCESS EXCLUSIVE MODE",
      );
      const response = await fetch(`${slow.baseUrl}${path}`);
      expect(response.status).toBe(503);
      expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await response.text()).toMatch(/TRACELIGHT_QUERY_TIMEOUT/);
      expect((await fetch(`${slow.baseUrl}/api/health`)).status).toBe(200);
    } finally {
      await locker.query("ROLLBACK");
      await locker.end();
    }
  });
});
