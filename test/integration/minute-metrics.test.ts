import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { ServiceMetricsPage } from "../../lib/api/service-metrics";
import { foldCounts } from "../../lib/db/fold-counts";
import { closeDb } from "../../lib/db/pool";
import { maintainStorage } from "../../lib/db/retention";
import { freePort } from "../../lib/net/free-port";
import { bucketOf } from "../../lib/services/histogram";
import { DAY_US, floorHourUs, floorMinuteUs, HOUR_US, MINUTE_US } from "../../lib/time/hours";
import { startTestServer } from "../test-server";
import { baseUrl, postSpans, query, uniqueTraceId } from "./helpers";

/**
 * Minute-grain RED: ingest appends its counts and the background folds them into minutes and hours
 * (lib/db/fold-counts.ts); reads add what is not folded yet. Each test has a service of its own.
 */
const NOW_US = Date.now() * 1000;

function spans(
  service: string,
  count: number,
  startUs: number,
  options: { name?: string; errors?: number } = {},
) {
  return Array.from({ length: count }, (_, i) => ({
    traceId: uniqueTraceId(),
    id: (i + 1).toString(16).padStart(16, "0"),
    kind: "SERVER",
    name: options.name ?? "get /orders",
    timestamp: startUs + i,
    duration: 5_000,
    localEndpoint: { serviceName: service },
    ...(i < (options.errors ?? 0) ? { tags: { error: "x" } } : {}),
  }));
}

async function page(query: string, url = baseUrl()): Promise<ServiceMetricsPage> {
  const response = await fetch(`${url}/api/services/metrics?${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as ServiceMetricsPage;
}

async function stored(
  table: "operation_minutes" | "operation_latency" | "operation_counts_log",
  service: string,
) {
  const [row] = await query<{ calls: number }>(
    table === "operation_latency"
      ? `SELECT coalesce(sum(count), 0)::int AS calls FROM ${table} WHERE service_name = $1`
      : `SELECT coalesce(sum(c), 0)::int AS calls FROM ${table}, unnest(counts) c WHERE service_name = $1`,
    [service],
  );
  return row?.calls ?? 0;
}

describe("minute-grain RED", () => {
  beforeAll(() => {
    process.env.DATABASE_URL = inject("databaseUrl"); // lib/db reads it on first use
  });
  afterAll(closeDb);

  it("shows calls made in one minute in that minute's point, and no other", async () => {
    const service = `minute-${uniqueTraceId().slice(-8)}`;
    const minuteUs = floorMinuteUs(NOW_US) - 5 * MINUTE_US;
    expect((await postSpans(spans(service, 7, minuteUs + 10_000_000, { errors: 2 }))).status).toBe(202);

    const answer = await page(`lookback=1h&step=1m&service=${service}`);
    expect(answer).toMatchObject({ grain: "minute", stepUs: MINUTE_US });
    expect(answer.overall).toMatchObject({ calls: 7, errors: 2 });
    expect(answer.overallPrevious).toMatchObject({ calls: 0, errorRate: null });
    const [summary] = answer.services;
    expect(summary).toMatchObject({ service, calls: 7, errors: 2 });
    const points = summary?.series.filter((point) => point.calls > 0);
    expect(points).toEqual([
      expect.objectContaining({ timeUs: minuteUs, calls: 7, errors: 2, ratePerS: 7 / 60, errorRate: 2 / 7 }),
    ]);
    expect(summary?.series.length).toBeGreaterThanOrEqual(60);
  });

  it("counts concurrent requests for one operation exactly, before and after folding", async () => {
    const service = `concurrent-${uniqueTraceId().slice(-8)}`;
    const startUs = floorMinuteUs(NOW_US) - 2 * MINUTE_US;
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => postSpans(spans(service, 25, startUs, { errors: 1 }))),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(202));

    const before = await page(`lookback=1h&service=${service}`);
    expect(before.services[0]).toMatchObject({ calls: 500, errors: 20 });
    await foldCounts(DAY_US);
    expect(await stored("operation_counts_log", service)).toBe(0);
    expect(await stored("operation_minutes", service)).toBe(500);
    expect(await stored("operation_latency", service)).toBe(500);
    const after = await page(`lookback=1h&service=${service}`);
    expect(after.services[0]).toMatchObject({ calls: 500, errors: 20 });
  });

  it("merges a minute folded twice into one row, bucket by bucket", async () => {
    const service = `merge-${uniqueTraceId().slice(-8)}`;
    const minuteUs = floorMinuteUs(NOW_US) - 3 * MINUTE_US;
    const at = (durationUs: number, count: number, errors = 0) =>
      spans(service, count, minuteUs, { errors }).map((span) => ({ ...span, duration: durationUs }));
    expect((await postSpans([...at(1_000, 2, 1), ...at(50_000, 3)])).status).toBe(202);
    await foldCounts(DAY_US);
    expect((await postSpans([...at(50_000, 4, 2), ...at(900_000, 1)])).status).toBe(202);
    await foldCounts(DAY_US);

    const rows = await query<{ buckets: number[]; counts: number[]; errors: number[] }>(
      "SELECT buckets, counts, errors FROM operation_minutes WHERE service_name = $1",
      [service],
    );
    // The 50 ms bucket was in both folds.
    const buckets = [1_000, 50_000, 900_000].map(bucketOf);
    expect(rows).toEqual([{ buckets, counts: [2, 7, 1], errors: [1, 2, 0] }]);
  });

  it("drops minutes older than the minute retention and keeps their hours", async () => {
    const service = `expiry-${uniqueTraceId().slice(-8)}`;
    const oldUs = floorHourUs(NOW_US) - 30 * HOUR_US + 5 * MINUTE_US;
    const recentUs = floorMinuteUs(NOW_US) - 10 * MINUTE_US;
    expect((await postSpans(spans(service, 4, oldUs))).status).toBe(202);
    expect((await postSpans(spans(service, 3, recentUs))).status).toBe(202);
    // A minute row folded while it was still kept, as if the folder had run 30 hours ago.
    await query(
      `INSERT INTO operation_minutes (service_name, span_name, span_kind, minute_us, buckets, counts, errors)
       VALUES ($1, 'get /orders', 'SERVER', $2, '{3}', '{1}', '{0}')`,
      [service, oldUs],
    );
    await foldCounts(DAY_US);
    await maintainStorage(7 * DAY_US, Date.now() * 1000, { minuteRetentionUs: DAY_US });

    const minutes = await query<{ minute_us: string }>(
      "SELECT DISTINCT minute_us FROM operation_minutes WHERE service_name = $1",
      [service],
    );
    expect(minutes.map((row) => Number(row.minute_us))).toEqual([recentUs]);
    const hours = await query<{ hour_us: string; calls: number }>(
      `SELECT hour_us, sum(count)::int AS calls FROM operation_latency WHERE service_name = $1
       GROUP BY hour_us ORDER BY hour_us`,
      [service],
    );
    expect(hours).toEqual([
      { hour_us: String(floorHourUs(oldUs)), calls: 4 },
      { hour_us: String(floorHourUs(recentUs)), calls: 3 },
    ]);
    // A window reaching back past the minutes is read by the hour, and counts both.
    const wide = await page(`lookback=2d&service=${service}`);
    expect(wide).toMatchObject({ grain: "hour" });
    expect(wide.services[0]).toMatchObject({ calls: 7 });
  });

  it("loses no counts when Tracelight is killed before it folds them", async () => {
    const service = `restart-${uniqueTraceId().slice(-8)}`;
    const other = await startTestServer(await freePort(), {
      peerPorts: false,
      databaseUrl: inject("databaseUrl"),
    });
    try {
      const response = await fetch(`${other.baseUrl}/api/v2/spans`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(spans(service, 9, floorMinuteUs(NOW_US) - MINUTE_US)),
      });
      expect(response.status).toBe(202);
      other.child.kill("SIGKILL");
    } finally {
      await other.stop();
    }
    expect((await page(`lookback=1h&service=${service}`)).services[0]).toMatchObject({ calls: 9 });
    await foldCounts(DAY_US);
    expect(await stored("operation_minutes", service)).toBe(9);
    expect(await stored("operation_latency", service)).toBe(9);
  });

  it.each([
    { query: "step=90s", error: "step: expected a whole number of minutes" },
    { query: "step=90m", error: "step: expected whole minutes under an hour, or whole hours" },
    { query: "step=soon", error: "step: expected a duration" },
    { query: "lookback=2d&step=1m", error: "this window starts before them: ask for 1h or more" },
    { query: "sort=latency", error: "sort: expected one of errorRate, p95, calls, errors, name" },
    { query: "order=up", error: "order: expected one of desc, asc" },
  ])("refuses $query with a 400 that says why", async ({ query: text, error }) => {
    const response = await fetch(`${baseUrl()}/api/services/metrics?${text}`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toContain(error);
  });
});
