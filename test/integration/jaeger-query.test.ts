import { beforeAll, describe, expect, it } from "vitest";
import { baseUrl, uniqueTraceId } from "./helpers";

/**
 * Jaeger's HTTP JSON API as Jaeger UI and Grafana's Jaeger data source call it, over spans stored
 * through OTLP (resource attributes become process tags, events become logs).
 */
const SUFFIX = uniqueTraceId().slice(-8);
const SHOP = `shop-${SUFFIX}`;
const NOW_NS = BigInt(Date.now()) * 1_000_000n;
const traceA = uniqueTraceId();
const traceB = uniqueTraceId();

const attribute = (key: string, value: string | number) => ({
  key,
  value: typeof value === "number" ? { intValue: String(value) } : { stringValue: value },
});

function otlpSpan(traceId: string, spanId: string, startAgoMs: number, durationMs: number, fields: object) {
  const start = NOW_NS - BigInt(startAgoMs) * 1_000_000n;
  return {
    traceId,
    spanId,
    name: "GET /cart",
    kind: 2,
    startTimeUnixNano: String(start),
    endTimeUnixNano: String(start + BigInt(durationMs) * 1_000_000n),
    ...fields,
  };
}

beforeAll(async () => {
  const body = {
    resourceSpans: [
      {
        resource: { attributes: [attribute("service.name", SHOP), attribute("region", "eu-1")] },
        scopeSpans: [
          {
            spans: [
              otlpSpan(traceA, "00000000000000a1", 20_000, 250, {
                attributes: [
                  attribute("http.status_code", 500),
                  // Past 2^53: JavaScript numbers cannot hold it, Jaeger keeps all its digits.
                  { key: "row.version", value: { intValue: "9223372036854775807" } },
                ],
                status: { code: 2, message: "boom" },
              }),
              otlpSpan(traceB, "00000000000000b1", 10_000, 2, {
                name: "GET /health",
                kind: 3,
                events: [
                  {
                    timeUnixNano: String(NOW_NS - 10_000_000_000n),
                    name: "cache",
                    attributes: [attribute("cache.hit", "no")],
                  },
                ],
              }),
            ],
          },
        ],
      },
    ],
  };
  const response = await fetch(`${baseUrl()}/v1/traces`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
});

interface Envelope {
  data: unknown;
  total: number;
  limit: number;
  offset: number;
  errors: { code: number; msg: string }[] | null;
}

async function get(path: string): Promise<{ status: number; body: Envelope }> {
  const response = await fetch(`${baseUrl()}${path}`);
  return { status: response.status, body: (await response.json()) as Envelope };
}

async function searchIds(params: Record<string, string>): Promise<string[]> {
  const { status, body } = await get(`/api/traces?${new URLSearchParams({ service: SHOP, ...params })}`);
  expect(status, JSON.stringify(body.errors)).toBe(200);
  return (body.data as { traceID: string }[]).map((trace) => trace.traceID);
}

describe("Jaeger service and operation lists", () => {
  it("answers in Jaeger's envelope", async () => {
    const { body } = await get("/api/services");
    expect(body).toMatchObject({ limit: 0, offset: 0, errors: null });
    expect(body.data).toContain(SHOP);
    expect(body.total).toBe((body.data as string[]).length);
  });

  it("lists a service's operations, with their kinds and by kind", async () => {
    expect((await get(`/api/services/${SHOP}/operations`)).body.data).toEqual(["GET /cart", "GET /health"]);
    expect((await get(`/api/operations?service=${SHOP}`)).body.data).toEqual([
      { name: "GET /cart", spanKind: "server" },
      { name: "GET /health", spanKind: "client" },
    ]);
    // Path segments are decoded once: a name with a percent sign is read as written.
    expect((await get("/api/services/100%25/operations")).body).toMatchObject({ data: [], errors: null });
    expect((await get(`/api/operations?service=${SHOP}&spanKind=client`)).body.data).toEqual([
      { name: "GET /health", spanKind: "client" },
    ]);
  });

  it.each([
    ["/api/operations", "parameter 'service' is required"],
    ["/api/operations?service=x&spanKind=sideways", "unsupported spanKind"],
  ])("refuses %s in the envelope's errors", async (path, message) => {
    const { status, body } = await get(path);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.msg).toContain(message);
  });
});

describe("GET /api/traces", () => {
  it.each([
    ["nothing but the service, newest first", {}, [traceB, traceA]],
    ["operation", { operation: "GET /cart" }, [traceA]],
    ["tags as JSON", { tags: JSON.stringify({ "http.status_code": "500" }) }, [traceA]],
    ["a repeated tag=k:v on a process tag", { tag: "region:eu-1" }, [traceB, traceA]],
    ["a tag in a log", { tag: "cache.hit:no" }, [traceB]],
    ["error=true, for an OTLP error status", { tags: JSON.stringify({ error: "true" }) }, [traceA]],
    ["minDuration as a Go duration", { minDuration: "100.5ms" }, [traceA]],
    ["minDuration in nanoseconds", { minDuration: "2500000ns" }, [traceA]],
    ["maxDuration as a Go duration", { maxDuration: "4500us" }, [traceB]],
    ["limit", { limit: "1" }, [traceB]],
    [
      "start and end in µs",
      { start: String((NOW_NS - 30_000_000_000n) / 1000n), end: String((NOW_NS - 15_000_000_000n) / 1000n) },
      [traceA],
    ],
    [
      "end alone, the window reaching back from it",
      { end: String((NOW_NS - 15_000_000_000n) / 1000n) },
      [traceA],
    ],
    [
      "lookback as a Go duration, back from end",
      { end: String((NOW_NS - 15_000_000_000n) / 1000n), lookback: "10s" },
      [traceA],
    ],
    [
      "a lookback that ends before the spans",
      { end: String((NOW_NS - 25_000_000_000n) / 1000n), lookback: "1h" },
      [],
    ],
  ])("finds by %s", async (_name, params, expected) => {
    expect(await searchIds(params)).toEqual(expected);
  });

  it("fetches traces by repeated traceID, with processes and typed tags", async () => {
    const { body } = await get(`/api/traces?traceID=${traceA}&traceID=${traceB}`);
    const traces = body.data as {
      traceID: string;
      spans: { tags: { key: string; type: string; value: unknown }[] }[];
      processes: Record<string, { serviceName: string; tags: { key: string; value: unknown }[] }>;
    }[];
    expect(traces.map((trace) => trace.traceID)).toEqual([traceA, traceB]);
    expect(Object.values(traces[0]?.processes ?? {})).toEqual([
      { serviceName: SHOP, tags: [{ key: "region", type: "string", value: "eu-1" }] },
    ]);
    expect(traces[0]?.spans[0]?.tags).toContainEqual({ key: "http.status_code", type: "int64", value: 500 });
    expect(traces[0]?.spans[0]?.tags).toContainEqual({
      key: "row.version",
      type: "int64",
      value: "9223372036854775807",
    });
  });

  it.each([
    [{}, "parameter 'service' is required"],
    [{ service: SHOP, minDuration: "fast" }, "unable to parse param 'minDuration'"],
    [
      { service: SHOP, minDuration: "5ms", maxDuration: "1ms" },
      "'maxDuration' should be greater than 'minDuration'",
    ],
    [{ service: SHOP, tags: "{not json" }, "malformed 'tags' parameter"],
    [{ service: SHOP, tag: "no-colon" }, "malformed 'tag' parameter"],
    [{ service: SHOP, limit: "0" }, "limit must be greater than 0"],
    [{ service: SHOP, start: "2000", end: "1000" }, "start time must be before end time"],
    [{ traceID: "xyz" }, "cannot parse traceID param"],
  ])("refuses %o in the envelope's errors", async (params, message) => {
    const { status, body } = await get(`/api/traces?${new URLSearchParams(params)}`);
    expect(status).toBe(400);
    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.code).toBe(400);
    expect(body.errors?.[0]?.msg).toContain(message);
  });
});

describe("GET /api/traces/{id}", () => {
  it("answers one trace, and a 404 in the envelope for an unknown one", async () => {
    const found = await get(`/api/traces/${traceA}`);
    expect((found.body.data as { spans: unknown[] }[])[0]?.spans).toHaveLength(1);
    const missing = await get(`/api/traces/${uniqueTraceId()}`);
    expect(missing.status).toBe(404);
    expect(missing.body.errors?.[0]?.code).toBe(404);
  });

  it("answers dependencies in the envelope, checking their parameters", async () => {
    // The links themselves: test/integration/dependencies.test.ts.
    const { body } = await get(`/api/dependencies?endTs=${Date.now()}&lookback=3600000`);
    expect(Array.isArray(body.data)).toBe(true);
    const refused = await get("/api/dependencies?lookback=-5");
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0]?.msg).toContain("lookback");
  });
});
