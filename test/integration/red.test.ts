import { describe, expect, it } from "vitest";
import { bucketLowerUs, bucketOf } from "../../lib/analysis/histogram";
import type { ServiceMetrics, ServiceMetricsResponse } from "../../lib/analysis/red";
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

async function metrics(query: string): Promise<{ status: number; services: ServiceMetrics[] }> {
  const response = await fetch(`${baseUrl()}/api/services/metrics?${query}`);
  const body = (await response.json()) as ServiceMetricsResponse;
  return { status: response.status, services: body.services };
}

describe("GET /api/services/metrics", () => {
  it("answers a service's calls, errors, error rate and latency, in total and hourly", async () => {
    const service = `red-${uniqueTraceId().slice(-8)}`;
    expect((await postSpans(calls(service))).status).toBe(202);

    const { status, services } = await metrics(`lookback=1h&service=${service}`);
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
    const hourUs = Math.floor((NOW_US - 60_000_000) / 3_600_000_000) * 3_600_000_000;
    const points = series.filter((point) => point.calls > 0);
    expect(points.map((point) => point.hourUs)).toContain(hourUs);
    expect(points.reduce((sum, point) => sum + point.calls, 0)).toBe(10);
    expect(points.reduce((sum, point) => sum + point.errors, 0)).toBe(2);
    for (const point of points) expect(point.ratePerS).toBeGreaterThan(0);
  });

  it("answers every service without `service`, and none for a service without calls", async () => {
    const service = `red-all-${uniqueTraceId().slice(-8)}`;
    expect((await postSpans(calls(service))).status).toBe(202);
    const all = await metrics("lookback=1h");
    expect(all.services.map((s) => s.service)).toContain(service);
    expect((await metrics(`lookback=1h&service=${service}-nobody`)).services).toEqual([]);
  });

  it.each([
    {
      name: "a lookback that is no duration",
      query: "lookback=soon",
      error: "lookback: expected a duration",
    },
    { name: "a start after its end", query: "start=2000&end=1000", error: "start: must be before end" },
    { name: "an unreadable end", query: "end=tomorrow", error: "end: expected an ISO 8601 time" },
  ])("refuses $name with a 400 that says why", async ({ query, error }) => {
    const response = await fetch(`${baseUrl()}/api/services/metrics?${query}`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toContain(error);
  });
});
