import { describe, expect, it } from "vitest";
import type { ServiceMetricsPage, ServiceSummary } from "../../lib/api/service-metrics";
import { bucketLowerUs, bucketOf } from "../../lib/services/histogram";
import { floorHourUs } from "../../lib/time/hours";
import { baseUrl, postSpans, uniqueTraceId } from "./helpers";

/**
 * RED metrics through `GET /api/services/metrics`, from spans stored through the Zipkin API under a
 * service name of this test's own: the histograms they read are kept at ingest, so no waiting.
 */
const NOW_US = Date.now() * 1000;
const SLOWEST_US = 250_000;

/** Ten calls of `get /orders`, 10 ms to 250 ms, the second and fifth failing. */
function calls(service: string) {
  return Array.from({ length: 10 }, (_, i) => ({
    traceId: uniqueTraceId(),
    id: (i + 1).toString(16).padStart(16, "0"),
    kind: "SERVER",
    name: "get /orders",
    timestamp: NOW_US - 60_000_000 + i * 1_000_000,
    duration: i === 9 ? SLOWEST_US : 10_000 + i * 1_000,
    localEndpoint: { serviceName: service },
    ...(i === 1 || i === 4 ? { tags: { error: "x" } } : {}),
  }));
}

async function metrics(
  query: string,
): Promise<{ status: number; services: ServiceSummary[]; total: number }> {
  const response = await fetch(`${baseUrl()}/api/services/metrics?${query}`);
  const body = (await response.json()) as ServiceMetricsPage;
  return { status: response.status, services: body.services, total: body.total };
}

describe("GET /api/services/metrics", () => {
  it("answers a service's calls, errors, error rate and latency, in total and at a step of hours", async () => {
    const service = `red-${uniqueTraceId().slice(-8)}`;
    expect((await postSpans(calls(service))).status).toBe(202);

    const { status, services } = await metrics(`lookback=1h&service=${service}&step=1h`);
    expect(status).toBe(200);
    expect(services).toHaveLength(1);
    const [shop] = services;
    expect(shop).toMatchObject({ service, calls: 10, errors: 2 });
    const [orders] = shop?.operations ?? [];
    expect(orders).toMatchObject({ name: "get /orders", calls: 10, errors: 2 });
    expect((orders?.errors ?? 0) / (orders?.calls ?? 1)).toBe(0.2);
    expect(orders?.p99Us).toBeGreaterThanOrEqual(bucketLowerUs(bucketOf(SLOWEST_US)));
    expect(orders?.p50Us).toBeLessThan(SLOWEST_US);

    // Every hour the last hour overlaps is a point: one or two of them, the calls in the last.
    const series = orders?.series ?? [];
    expect(series.length).toBeGreaterThanOrEqual(1);
    expect(series.length).toBeLessThanOrEqual(2);
    const hourUs = floorHourUs(NOW_US - 60_000_000);
    const points = series.filter((point) => point.calls > 0);
    expect(points.map((point) => point.timeUs)).toContain(hourUs);
    expect(points.reduce((sum, point) => sum + point.calls, 0)).toBe(10);
    expect(points.reduce((sum, point) => sum + point.errors, 0)).toBe(2);
    for (const point of points) expect(point.ratePerS).toBeGreaterThan(0);
  });

  it("pages every service without `service`, and none for a service without calls", async () => {
    const service = `red-all-${uniqueTraceId().slice(-8)}`;
    expect((await postSpans(calls(service))).status).toBe(202);
    const first = await metrics("lookback=1h&sort=name&limit=5");
    expect(first.services.length).toBeLessThanOrEqual(5);
    const seen: string[] = [];
    for (let offset = 0; offset < first.total; offset += 100) {
      const page = await metrics(`lookback=1h&sort=name&offset=${offset}&limit=100`);
      expect(page.total).toBeGreaterThanOrEqual(first.total);
      seen.push(...page.services.map((s) => s.service));
    }
    expect(seen).toContain(service);
    expect(new Set(seen).size).toBe(seen.length);
    expect((await metrics(`lookback=1h&service=${service}-nobody`)).services).toEqual([]);
  });

  it("pages one service's operations, sorted, with their count", async () => {
    const service = `red-ops-${uniqueTraceId().slice(-8)}`;
    const spans = ["a", "b", "c"].flatMap((name, n) =>
      calls(service)
        .slice(0, n + 1)
        .map((span) => ({ ...span, traceId: uniqueTraceId(), name: `op ${name}`, tags: {} })),
    );
    expect((await postSpans(spans)).status).toBe(202);
    const byCalls = await metrics(`lookback=1h&service=${service}&limit=2&sort=calls`);
    expect(byCalls.total).toBe(3);
    expect(byCalls.services).toHaveLength(1);
    expect(byCalls.services[0]).toMatchObject({ service, calls: 6, operationCount: 3 });
    expect(byCalls.services[0]?.operations.map((op) => op.name)).toEqual(["op c", "op b"]);
    const second = await metrics(`lookback=1h&service=${service}&limit=2&offset=2&sort=name`);
    expect(second.services[0]?.operations.map((op) => op.name)).toEqual(["op c"]);
  });

  it.each([
    {
      name: "a lookback that is no duration",
      query: "lookback=soon",
      error: "lookback: expected a duration",
    },
    { name: "a start after its end", query: "start=2000&end=1000", error: "start: must be before end" },
    { name: "an unreadable end", query: "end=tomorrow", error: "end: expected an ISO 8601 time" },
    {
      name: "a page past the largest",
      query: "limit=101",
      error: "limit: expected an integer from 1 to 100",
    },
    { name: "a negative offset", query: "offset=-1", error: "offset: expected an integer of 0 or more" },
    { name: "an unknown sort", query: "sort=latency", error: "sort: expected one of errorRate, p95" },
  ])("refuses $name with a 400 that says why", async ({ query, error }) => {
    const response = await fetch(`${baseUrl()}/api/services/metrics?${query}`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toContain(error);
  });
});
