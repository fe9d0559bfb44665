import { beforeAll, describe, expect, it } from "vitest";
import type { JaegerMetricFamily } from "../../lib/encode/jaeger-metrics";
import { countsOf, percentileUs } from "../../lib/services/histogram";
import { baseUrl, postSpans, uniqueTraceId } from "./helpers";

/**
 * Jaeger's metrics API as Jaeger UI's Monitor tab calls it (its ServicesView and actions/jaeger-api:
 * `service=S&` then the other parameters, keys sorted), over spans stored through the Zipkin API in
 * one minute two minutes ago: every point whose 10-minute rate window holds that minute sums them
 * all, so those points agree.
 */
const SERVICE = `monitor-${uniqueTraceId().slice(-8)}`;
const END_MS = Date.now();
const MINUTE_MS = 60_000;
const CALLS_MINUTE_MS = Math.floor(END_MS / MINUTE_MS) * MINUTE_MS - 2 * MINUTE_MS;

/** Server spans: `get /orders` 10, 20 … 90 ms and 250 ms, two failing; `post /pay` five of 5 ms. */
const ORDERS_MS = [10, 20, 30, 40, 50, 60, 70, 80, 90, 250];
const PAY_MS = [5, 5, 5, 5, 5];

function span(name: string, kind: string, durationMs: number, i: number, error = false) {
  return {
    traceId: uniqueTraceId(),
    id: (i + 1).toString(16).padStart(16, "0"),
    kind,
    name,
    timestamp: (CALLS_MINUTE_MS + 1000 + i * 100) * 1000,
    duration: durationMs * 1000,
    localEndpoint: { serviceName: SERVICE },
    ...(error ? { tags: { error: "boom" } } : {}),
  };
}

/** What the Monitor tab sends: the service, then its payload's keys in query-string's order. */
function monitorQuery(options: { quantile?: number; groupByOperation?: boolean; spanKind?: string } = {}) {
  return (
    `service=${encodeURIComponent(SERVICE)}&endTs=${END_MS}` +
    (options.groupByOperation ? "&groupByOperation=true" : "") +
    `&lookback=3600000&quantile=${options.quantile ?? 0.95}&ratePer=600000` +
    `&spanKind=${options.spanKind ?? "server"}&step=60000`
  );
}

async function family(metric: string, query: string): Promise<JaegerMetricFamily> {
  const response = await fetch(`${baseUrl()}/api/metrics/${metric}?${query}`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("application/json");
  return (await response.json()) as JaegerMetricFamily;
}

const values = (metric: JaegerMetricFamily["metrics"][number] | undefined) =>
  (metric?.metricPoints ?? []).map((point) => point.gaugeValue.doubleValue);

beforeAll(async () => {
  const spans = [
    ...ORDERS_MS.map((ms, i) => span("get /orders", "SERVER", ms, i, i === 1 || i === 4)),
    ...PAY_MS.map((ms, i) => span("post /pay", "SERVER", ms, 20 + i)),
    ...[1, 2, 3].map((ms, i) => span("select orders", "CLIENT", ms, 40 + i)),
  ];
  expect((await postSpans(spans)).status).toBe(202);
});

describe("GET /api/metrics/{calls,errors,latencies} as Jaeger UI's Monitor tab asks", () => {
  it("answers the service's call rate: a point a minute over the hour, 15 calls per 600 s where the window holds them", async () => {
    const calls = await family("calls", monitorQuery());
    expect(calls).toMatchObject({
      name: "service_call_rate",
      type: "GAUGE",
      help: "calls/sec, grouped by service",
    });
    expect(calls.metrics).toHaveLength(1);
    const [metric] = calls.metrics;
    expect(metric?.labels).toEqual([{ name: "service_name", value: SERVICE }]);
    const points = metric?.metricPoints ?? [];
    expect(points).toHaveLength(61);
    expect(points.at(-1)?.timestamp).toBe(new Date(END_MS).toISOString().replace(".000Z", "Z"));
    for (const [i, point] of points.entries()) {
      expect(point.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/);
      expect(Date.parse(point.timestamp)).toBe(END_MS - 3_600_000 + i * MINUTE_MS);
      const holdsCalls = Date.parse(point.timestamp) > CALLS_MINUTE_MS;
      expect(point.gaugeValue.doubleValue).toBe(holdsCalls ? 15 / 600 : 0);
    }
  });

  it("answers the error rate as a fraction, only where the window holds calls", async () => {
    const errors = await family("errors", monitorQuery());
    expect(errors.name).toBe("service_error_rate");
    const rates = values(errors.metrics[0]);
    expect(rates.length).toBeGreaterThanOrEqual(2);
    for (const rate of rates) expect(rate).toBe(2 / 15);
  });

  it.each([0.5, 0.75, 0.95])("answers the %s latency quantile in ms", async (quantile) => {
    const latencies = await family("latencies", monitorQuery({ quantile }));
    expect(latencies).toMatchObject({
      name: "service_latencies",
      help: `${quantile.toFixed(2)}th quantile latency, grouped by service`,
    });
    const expected = percentileUs(countsOf([...ORDERS_MS, ...PAY_MS].map((ms) => ms * 1000)), quantile);
    const points = values(latencies.metrics[0]);
    expect(points.length).toBeGreaterThanOrEqual(2);
    for (const ms of points) expect(ms).toBe((expected as number) / 1000);
    if (quantile === 0.95) expect(points[0]).toBeGreaterThanOrEqual(250);
  });

  it("groups by operation for the operations table, the service label first", async () => {
    const calls = await family("calls", monitorQuery({ groupByOperation: true }));
    expect(calls).toMatchObject({
      name: "service_operation_call_rate",
      help: "calls/sec, grouped by service & operation",
    });
    expect(calls.metrics.map((metric) => metric.labels)).toEqual([
      [
        { name: "service_name", value: SERVICE },
        { name: "operation", value: "get /orders" },
      ],
      [
        { name: "service_name", value: SERVICE },
        { name: "operation", value: "post /pay" },
      ],
    ]);
    expect(Math.max(...values(calls.metrics[0]))).toBe(10 / 600);
    expect(Math.max(...values(calls.metrics[1]))).toBe(5 / 600);
    const errors = await family("errors", monitorQuery({ groupByOperation: true }));
    expect(errors.name).toBe("service_operation_error_rate");
    expect(new Set(values(errors.metrics[0]))).toEqual(new Set([0.2]));
    expect(new Set(values(errors.metrics[1]))).toEqual(new Set([0]));
  });

  it("selects the span kind asked, and answers no metrics for a service without calls", async () => {
    const client = await family("calls", monitorQuery({ groupByOperation: true, spanKind: "client" }));
    expect(client.metrics.map((metric) => metric.labels[1]?.value)).toEqual(["select orders"]);
    const nobody = await family("calls", monitorQuery().replace(SERVICE, `${SERVICE}-nobody`));
    expect(nobody).toEqual({
      name: "service_call_rate",
      type: "GAUGE",
      help: "calls/sec, grouped by service",
      metrics: [],
    });
  });

  it.each([
    {
      path: "latencies",
      query: `service=${SERVICE}`,
      msg: "unable to parse param 'quantile': required for latencies",
    },
    {
      path: "calls",
      query: "lookback=3600000",
      msg: "unable to parse param 'service': please provide at least one",
    },
    { path: "errors", query: `service=${SERVICE}&spanKind=span`, msg: "unable to parse param 'spanKind'" },
    { path: "calls", query: `service=${SERVICE}&step=0`, msg: "unable to parse param 'step'" },
    {
      path: "calls",
      query: `service=${SERVICE}&lookback=86400000&step=1000`,
      msg: "unable to parse param 'step': 1000 ms is too small",
    },
  ])("refuses a bad parameter of $path in Jaeger's envelope: $msg", async ({ path, query, msg }) => {
    const response = await fetch(`${baseUrl()}/api/metrics/${path}?${query}`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { code: number; msg: string }[] };
    expect(body).toEqual({
      data: null,
      total: 0,
      limit: 0,
      offset: 0,
      errors: [{ code: 400, msg: expect.any(String) }],
    });
    expect(body.errors[0]?.msg).toContain(msg);
  });
});

describe("GET /api/metrics/minstep", () => {
  it("answers a minute, in ms, in Jaeger's envelope", async () => {
    const response = await fetch(`${baseUrl()}/api/metrics/minstep`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: 60_000, total: 0, limit: 0, offset: 0, errors: null });
  });
});
