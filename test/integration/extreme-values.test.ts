import { describe, expect, it } from "vitest";
import type { TraceAnalysis } from "../../lib/api/analysis";
import { MAX_DURATION_US, MAX_TIME_US, type Span } from "../../lib/model/span";
import { DAY_US, floorHourUs, HOUR_US } from "../../lib/time/hours";
import { baseUrl, postSpans, query, uniqueTraceId } from "./helpers";

/**
 * Issue 15's probe and its kin: numbers and sizes past what a span can carry, through the Zipkin
 * API (refused or bounded at the door, lib/ingest/door/span-bounds.ts), and rows an older version could
 * have stored, written straight into the tables (read within the same bounds, lib/db/span-rows.ts).
 * Every request has a time limit: the probe used to spin the event loop forever.
 */
const NOW_US = Date.now() * 1000;
const INT64_MAX = "9223372036854775807";

const get = (path: string) => fetch(`${baseUrl()}${path}`, { signal: AbortSignal.timeout(10_000) });

function zipkinSpan(traceId: string, fields: Record<string, unknown> = {}) {
  return {
    traceId,
    id: "00000000000000a1",
    kind: "SERVER",
    name: "get /probe",
    timestamp: NOW_US - 60_000_000,
    duration: 1_000,
    localEndpoint: { serviceName: "bounds-probe" },
    ...fields,
  };
}

async function storedSpans(traceId: string): Promise<Span[]> {
  const response = await get(`/api/trace/${traceId}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { spans: Span[] }).spans;
}

/** Characters of three UTF-8 bytes each, none repeated in a row: the worst case for an index entry. */
function wideText(length: number): string {
  return Array.from({ length }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 0x5000))).join("");
}

describe("numbers past what a span can carry, at the door", () => {
  it("stores the probe's 2^53 − 1 µs duration as 365 days, with a warning, and every page still answers", async () => {
    const traceId = uniqueTraceId();
    const response = await postSpans([zipkinSpan(traceId, { duration: 9_007_199_254_740_991 })]);
    expect(response.status).toBe(202);

    const [span] = await storedSpans(traceId);
    expect(span?.durationUs).toBe(MAX_DURATION_US);
    expect(span?.warnings).toEqual(["duration 9007199254740991 µs is longer than 365 days; set to 365 days"]);
    for (const path of [
      `/api/traces/${traceId}/analysis`,
      "/api/services/metrics?lookback=1d",
      "/api/graph?lookback=1d",
      "/api/health",
    ]) {
      expect((await get(path)).status, path).toBe(200);
    }
  });

  it.each([
    ["at 2^53 − 1 µs", 9_007_199_254_740_991, "is past 2^52 µs"],
    ["two days ahead of the server's clock", NOW_US + 2 * DAY_US, "more than TRACELIGHT_MAX_CLOCK_AHEAD"],
  ])(
    "refuses a span starting %s with a 400 naming the span and its start time",
    async (_name, timestamp, why) => {
      const traceId = uniqueTraceId();
      const response = await postSpans([zipkinSpan(traceId, { timestamp })]);
      expect(response.status).toBe(400);
      const message = await response.text();
      expect(message).toContain(`span ${traceId}/00000000000000a1: start time`);
      expect(message).toContain(why);
      expect(await query("SELECT 1 FROM spans WHERE trace_id = $1", [traceId])).toEqual([]);
    },
  );

  it("stores the longest names allowed, in the worst case for an index entry, as they are", async () => {
    const traceId = uniqueTraceId();
    const service = `${traceId.slice(-8)}${wideText(248)}`;
    const name = wideText(512);
    const key = wideText(256);
    const span = zipkinSpan(traceId, {
      name,
      localEndpoint: { serviceName: service },
      remoteEndpoint: { serviceName: wideText(256) },
      tags: { [key]: "v" },
    });
    // Zipkin lower-cases service names; these characters have no case.
    expect((await postSpans([span])).status).toBe(202);

    const [stored] = await storedSpans(traceId);
    expect(stored).toMatchObject({ serviceName: service, name, attributes: { [key]: "v" } });
    expect(stored?.warnings).toBeUndefined();
    const operations = await query("SELECT 1 FROM service_operations WHERE service_name = $1", [service]);
    expect(operations).toHaveLength(1);
  });

  it("cuts names and keys too long to index, with warnings, where PostgreSQL refused them before", async () => {
    const traceId = uniqueTraceId();
    const service = `${traceId.slice(-8)}${wideText(2_000)}`;
    const span = zipkinSpan(traceId, {
      kind: "CLIENT",
      name: wideText(3_000),
      localEndpoint: { serviceName: service },
      tags: { [wideText(3_000)]: "v", "db.system": "postgresql", "db.name": wideText(60_000) },
    });
    expect((await postSpans([span])).status).toBe(202);

    const [stored] = await storedSpans(traceId);
    expect(stored?.serviceName).toBe(service.slice(0, 256));
    expect(stored?.name).toHaveLength(512);
    expect(stored?.warnings).toEqual([
      "service name longer than 256 characters; cut",
      "span name longer than 512 characters; cut",
      "attribute key longer than 256 characters; cut",
    ]);
    // The graph names the database from the 60,000-character db.name, cut to a service name's length.
    await expect
      .poll(() => query("SELECT child FROM trace_links WHERE trace_id = $1", [traceId]), { timeout: 15_000 })
      .toEqual([{ child: `postgresql/${wideText(60_000)}`.slice(0, 256) }]);
  });
});

describe("rows an older version stored past the bounds", () => {
  it("sums a link's calls past 2^31 over a window into the graph", async () => {
    const child = `busy-${uniqueTraceId().slice(-8)}`;
    const hourUs = floorHourUs(NOW_US);
    for (const hour of [hourUs, hourUs - HOUR_US]) {
      await query(
        `INSERT INTO dependency_links (hour_us, parent, child, bucket, calls, errors)
         VALUES ($1, 'busy-caller', $2, 80, 2147483647, 1)`,
        [hour, child],
      );
    }
    const graph = await get("/api/graph?lookback=1d");
    expect(graph.status).toBe(200);
    const links = ((await graph.json()) as { links: { child: string; calls: number }[] }).links;
    expect(links.find((link) => link.child === child)?.calls).toBe(2 * 2_147_483_647);
  });

  it("reads them within the bounds, and every read of them answers", async () => {
    const traceId = uniqueTraceId();
    const service = `legacy-${traceId.slice(-8)}`;
    const hourUs = floorHourUs(NOW_US);
    const startUs = NOW_US - 60_000_000;
    await query(
      `INSERT INTO spans (trace_id, span_id, name, kind, service_name, remote_service_name, start_us,
         duration_us, status_code, attributes, events)
       VALUES ($1, '00000000000000a1', 'legacy op', 'SERVER', $2, 'legacy-caller', $3, 9007199254740991,
         'ERROR', '{}', '[{"timeUs": 1e300, "name": "far"}]'),
              ($1, '00000000000000a2', 'legacy op', 'CLIENT', $2, 'legacy-db', ${INT64_MAX}, ${INT64_MAX},
         'UNSET', '{}', NULL)`,
      [traceId, service, startUs],
    );
    await query(
      `INSERT INTO traces (trace_id, start_us, end_us, span_count, error_count, service_counts, root_span_id,
         root_service, root_name, root_start_us, root_parentless)
       VALUES ($1, $2, ${INT64_MAX}, 2, 1, $3, '00000000000000a1', $4, 'legacy op', $2, true)`,
      [traceId, startUs, JSON.stringify({ [service]: 2 }), service],
    );
    // The histograms and graph as the old bucketing wrote them (424 is 2^53 µs), and past it.
    for (const bucket of [424, 32_767, -5]) {
      await query(
        `INSERT INTO operation_latency (service_name, span_name, span_kind, hour_us, bucket, count, errors)
         VALUES ($1, 'legacy op', 'SERVER', $2, $3, 1, 1)`,
        [service, hourUs, bucket],
      );
      await query(
        `INSERT INTO dependency_links (hour_us, parent, child, bucket, calls, errors)
         VALUES ($1, 'legacy-caller', $2, $3, 1, 0)`,
        [hourUs, service, bucket],
      );
    }
    await query("INSERT INTO link_queue (trace_id, due_us) VALUES ($1, 0) ON CONFLICT DO NOTHING", [traceId]);

    const spans = await storedSpans(traceId);
    expect(spans.map(({ startUs, durationUs }) => [startUs, durationUs])).toEqual([
      [startUs, MAX_DURATION_US],
      [MAX_TIME_US, MAX_DURATION_US],
    ]);
    expect(spans[0]?.events[0]?.timeUs).toBe(MAX_TIME_US);
    expect(spans[1]?.warnings).toEqual([
      `stored start time ${INT64_MAX} µs out of bounds; read as ${MAX_TIME_US}`,
      `stored duration ${INT64_MAX} µs out of bounds; read as ${MAX_DURATION_US}`,
    ]);

    const analysis = await get(`/api/traces/${traceId}/analysis`);
    expect(analysis.status).toBe(200);
    const { summary, criticalPath, spans: bySpan } = (await analysis.json()) as TraceAnalysis;
    // The span read as starting last drives the trace, and its 365 days are the trace's.
    expect(summary).toMatch(/^legacy op succeeded after 8760h 0m, though legacy op \(legacy-\w+\) failed\.$/);
    // JSON has no NaN: one would arrive as null.
    for (const segment of criticalPath) expect(segment.endUs).toBeGreaterThan(segment.startUs);
    for (const span of Object.values(bySpan)) expect(typeof span.selfTimeUs).toBe("number");

    const metrics = await get(`/api/services/metrics?lookback=1d&service=${service}`);
    expect(metrics.status).toBe(200);
    const [operation] =
      ((await metrics.json()) as { services: { operations: { p99Us: number }[] }[] }).services[0]
        ?.operations ?? [];
    expect(operation?.p99Us).toBeLessThan(2 * MAX_DURATION_US);

    const graph = await get("/api/graph?lookback=1d");
    expect(graph.status).toBe(200);
    const links = ((await graph.json()) as { links: { child: string; p99Us: number }[] }).links;
    expect(links.find((link) => link.child === service)?.p99Us).toBeLessThan(2 * MAX_DURATION_US);

    expect((await get("/api/search?lookback=1d")).status).toBe(200);
    // Link derivation read the rows too, bounded: its share of the graph is in the current hour or
    // the last one a span can start in.
    await expect
      .poll(() => query("SELECT 1 FROM link_queue WHERE trace_id = $1", [traceId]), { timeout: 15_000 })
      .toEqual([]);
    expect((await get("/api/health")).status).toBe(200);
  });
});
