import { beforeAll, describe, expect, it } from "vitest";
import { baseUrl, postSpans, uniqueTraceId } from "./helpers";

/**
 * Zipkin's query API as Zipkin Lens and Grafana's Zipkin data source call it, over spans stored
 * through the Zipkin collector API. Names are this file's own so other tests' spans never match.
 */
const SUFFIX = uniqueTraceId().slice(-8);
const CHECKOUT = `Checkout-${SUFFIX}`;
const PAYMENTS = `payments-${SUFFIX}`;
const NOW_US = Date.now() * 1000;

const slowTrace = uniqueTraceId();
const failedTrace = uniqueTraceId();
const oldTrace = uniqueTraceId();

function span(traceId: string, id: string, fields: Record<string, unknown>) {
  return { traceId, id, name: "post /pay", timestamp: NOW_US - 60_000_000, duration: 1_000, ...fields };
}

beforeAll(async () => {
  const response = await postSpans([
    span(slowTrace, "00000000000000a1", {
      kind: "SERVER",
      duration: 900_000,
      localEndpoint: { serviceName: CHECKOUT },
      tags: { "http.method": "POST" },
      annotations: [{ timestamp: NOW_US - 59_000_000, value: "retried" }],
    }),
    span(slowTrace, "00000000000000a2", {
      parentId: "00000000000000a1",
      kind: "CLIENT",
      name: "charge",
      duration: 400_000,
      localEndpoint: { serviceName: CHECKOUT },
      remoteEndpoint: { serviceName: PAYMENTS },
    }),
    span(failedTrace, "00000000000000b1", {
      kind: "SERVER",
      timestamp: NOW_US - 30_000_000,
      duration: 5_000,
      localEndpoint: { serviceName: CHECKOUT },
      tags: { "http.method": "POST", error: "card declined" },
    }),
    span(oldTrace, "00000000000000c1", {
      kind: "SERVER",
      timestamp: NOW_US - 3 * 3_600_000_000,
      localEndpoint: { serviceName: CHECKOUT },
    }),
  ]);
  expect(response.status).toBe(202);
});

async function get(path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${baseUrl()}${path}`);
  const text = await response.text();
  return {
    status: response.status,
    body: text.startsWith("[") || text.startsWith("{") ? JSON.parse(text) : text,
  };
}

async function traceIds(params: Record<string, string>): Promise<string[]> {
  const { status, body } = await get(`/api/v2/traces?${new URLSearchParams(params)}`);
  expect(status, JSON.stringify(body)).toBe(200);
  return (body as { traceId: string }[][]).map((trace) => trace[0]?.traceId as string);
}

describe("GET /api/v2/traces", () => {
  it("finds a service's traces whatever the case of its name, newest first, each whole", async () => {
    const { body } = await get(`/api/v2/traces?serviceName=${CHECKOUT.toLowerCase()}`);
    const traces = body as { traceId: string }[][];
    expect(traces.map((trace) => trace[0]?.traceId)).toEqual([failedTrace, slowTrace, oldTrace]);
    expect(traces[1]).toHaveLength(2);
  });

  it.each([
    ["spanName", { spanName: "CHARGE" }, [slowTrace]],
    ["remoteServiceName, whatever its case", { remoteServiceName: PAYMENTS.toUpperCase() }, [slowTrace]],
    ["a bare annotationQuery term matching an error status", { annotationQuery: "error" }, [failedTrace]],
    ["a tag and an annotation on one span", { annotationQuery: "http.method=POST and retried" }, [slowTrace]],
    ["a tag value", { annotationQuery: "error=card declined" }, [failedTrace]],
    ["minDuration in µs", { minDuration: "800000" }, [slowTrace]],
    ["minDuration and maxDuration", { minDuration: "2000", maxDuration: "10000" }, [failedTrace]],
    ["limit", { limit: "1" }, [failedTrace]],
    [
      "endTs and lookback in ms",
      { endTs: String(Math.round(NOW_US / 1000) - 3_600_000), lookback: "7300000" },
      [oldTrace],
    ],
    ["lookback alone, back from now", { lookback: "3600000" }, [failedTrace, slowTrace]],
    ["spanName all, as Zipkin Lens sends", { spanName: "all", limit: "2" }, [failedTrace, slowTrace]],
  ])("filters by %s", async (_name, params, expected) => {
    expect(await traceIds({ serviceName: CHECKOUT, ...params })).toEqual(expected);
  });

  it.each([
    [{ maxDuration: "10" }, "maxDuration is only valid with minDuration"],
    [{ minDuration: "10", maxDuration: "5" }, "maxDuration < minDuration"],
    [{ limit: "0" }, "limit <= 0"],
    [{ endTs: "soon" }, "endTs"],
    [{ lookback: "-1" }, "lookback"],
    [{ minDuration: "1.5ms" }, "minDuration"],
  ])("refuses %o with a 400 saying why", async (params, message) => {
    const { status, body } = await get(
      `/api/v2/traces?${new URLSearchParams({ serviceName: CHECKOUT, ...params })}`,
    );
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toContain(message);
  });
});

describe("trace ids, 64- and 128-bit", () => {
  it("finds a trace by its id in capitals, and a 64-bit one by its 128-bit form with a zero high half", async () => {
    const sixtyFour = uniqueTraceId().slice(-16);
    const stored = await postSpans([
      span(sixtyFour, "00000000000000d1", { localEndpoint: { serviceName: `ids-${SUFFIX}` } }),
    ]);
    expect(stored.status).toBe(202);
    for (const id of [sixtyFour.toUpperCase(), sixtyFour.padStart(32, "0")]) {
      const { status, body } = await get(`/api/v2/trace/${id}`);
      expect(status).toBe(200);
      expect((body as { traceId: string }[])[0]?.traceId).toBe(sixtyFour);
      const jaeger = await fetch(`${baseUrl()}/api/traces/${id}`);
      expect(((await jaeger.json()) as { data: { traceID: string }[] }).data[0]?.traceID).toBe(sixtyFour);
    }
  });

  it("refuses an id that cannot be one with a 400, and answers an unknown one with a 404", async () => {
    expect((await get("/api/v2/trace/not-hex")).status).toBe(400);
    expect((await get(`/api/v2/trace/${uniqueTraceId()}`)).status).toBe(404);
  });
});

describe("the other Zipkin query endpoints", () => {
  it("lists a service's span names and remote services", async () => {
    expect((await get(`/api/v2/spans?serviceName=${CHECKOUT}`)).body).toEqual(["charge", "post /pay"]);
    expect((await get(`/api/v2/remoteServices?serviceName=${CHECKOUT}`)).body).toEqual([PAYMENTS]);
  });

  it("requires serviceName", async () => {
    expect((await get("/api/v2/spans")).status).toBe(400);
    expect((await get("/api/v2/remoteServices")).status).toBe(400);
  });

  it("fetches several traces at once, leaving out ids not stored", async () => {
    const unknown = uniqueTraceId();
    const { status, body } = await get(`/api/v2/traceMany?traceIds=${slowTrace},${unknown},${failedTrace}`);
    expect(status).toBe(200);
    expect((body as { traceId: string }[][]).map((trace) => trace[0]?.traceId)).toEqual([
      slowTrace,
      failedTrace,
    ]);
  });

  it.each([
    ["", "traceIds is required"],
    ["traceIds=", "traceIds parameter is empty"],
    [`traceIds=${slowTrace}`, "/api/v2/trace/{traceId}"],
    [`traceIds=${slowTrace},zz`, "traceIds"],
    [`traceIds=${slowTrace},${slowTrace}`, "redundant traceId"],
  ])("refuses traceMany?%s", async (query, message) => {
    const { status, body } = await get(`/api/v2/traceMany?${query}`);
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toContain(message);
  });

  it("checks dependencies' parameters", async () => {
    expect((await get("/api/v2/dependencies")).status).toBe(400);
    expect((await get(`/api/v2/dependencies?endTs=${Date.now()}&lookback=0`)).status).toBe(400);
    // The links themselves: test/integration/dependencies.test.ts.
    expect(Array.isArray((await get(`/api/v2/dependencies?endTs=${Date.now()}`)).body)).toBe(true);
  });

  it("autocompletes the configured keys with the values stored", async () => {
    const keys = (await get("/api/v2/autocompleteKeys")).body as string[];
    expect(keys).toContain("http.method");
    expect(keys).toEqual([...keys].sort());
    expect((await get("/api/v2/autocompleteValues?key=http.method")).body).toContain("POST");
    // Values are kept only for the configured keys: an `error` message is no suggestion.
    expect((await get("/api/v2/autocompleteValues?key=error")).body).toEqual([]);
    expect((await get("/api/v2/autocompleteValues")).status).toBe(400);
  });
});
