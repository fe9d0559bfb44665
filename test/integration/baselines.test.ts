import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { TraceAnalysis } from "../../lib/api/analysis";
import { baselinesResponseSchema, baselinesUrls } from "../../lib/api/baselines";
import { operationBaselines } from "../../lib/db/baselines";
import { closeDb } from "../../lib/db/pool";
import { maintainStorage } from "../../lib/db/retention";
import {
  baselineOf,
  bucketOf,
  isAnomalous,
  type LatencyCounts,
  operationKey,
  totalOf,
} from "../../lib/services/histogram";
import { DAY_US, HOUR_US } from "../../lib/time/hours";
import { baseUrl, postSpans, uniqueTraceId } from "./helpers";

/**
 * Per-operation latency baselines, from ingest through the real HTTP API to the histogram read:
 * 30 calls of one operation at 8–12 ms and one at 400 ms, each its own trace, in the last minutes.
 */
const SERVICE = `checkout-${uniqueTraceId().slice(-8)}`;
const OPERATION = { service: SERVICE, name: "get /cart" };
const MS = 1_000;
const NOW_US = Date.now() * 1000;
const NORMAL_US = Array.from({ length: 30 }, (_, i) => Math.round(8 * MS + (i * 4 * MS) / 29));
const SLOW_US = 400 * MS;

function call(durationUs: number, startUs: number, name = OPERATION.name) {
  return {
    traceId: uniqueTraceId(),
    id: "00000000000000c1",
    kind: "SERVER",
    name,
    timestamp: startUs,
    duration: durationUs,
    localEndpoint: { serviceName: SERVICE },
  };
}

const normalCalls = NORMAL_US.map((durationUs, i) => call(durationUs, NOW_US - (60 - i) * 1_000_000));
const slowCall = call(SLOW_US, NOW_US - 10_000_000);

async function lastDay(operation = OPERATION): Promise<LatencyCounts> {
  const baselines = await operationBaselines([operation], NOW_US - DAY_US, NOW_US);
  return baselines.get(operationKey(operation.service, operation.name)) ?? [];
}

beforeAll(async () => {
  process.env.DATABASE_URL = inject("databaseUrl"); // lib/db reads it on first use
  expect((await postSpans(normalCalls)).status).toBe(202);
  expect((await postSpans([slowCall])).status).toBe(202);
});

afterAll(closeDb);

describe("operation baselines", () => {
  it("count every stored call, with the median of the normal ones", async () => {
    const baseline = baselineOf(await lastDay());
    expect(baseline?.count).toBe(31);
    expect(Math.abs(bucketOf(baseline?.p50Us ?? 0) - bucketOf(10 * MS))).toBeLessThanOrEqual(1);
  });

  it("judge exactly the slow call anomalous, each call against the others", async () => {
    const counts = await lastDay();
    const anomalous = [...NORMAL_US, SLOW_US].filter((durationUs) => isAnomalous(counts, durationUs));
    expect(anomalous).toEqual([SLOW_US]);
  });

  it("mark only the slow call anomalous in the trace analysis the trace page reads", async () => {
    const analysis = async (traceId: string) =>
      (await (await fetch(`${baseUrl()}/api/traces/${traceId}/analysis`)).json()) as TraceAnalysis;
    const slow = await analysis(slowCall.traceId);
    expect(slow.spans["00000000000000c1"]).toMatchObject({ anomalous: true, baseline: { count: 30 } });
    expect(slow.summary).toMatch(/× its usual p99/);
    for (const normal of normalCalls) {
      expect((await analysis(normal.traceId)).spans["00000000000000c1"]?.anomalous).toBe(false);
    }
  });

  it("answer every operation asked for, empty without history", async () => {
    const unknown = { service: SERVICE, name: "never called" };
    const baselines = await operationBaselines([OPERATION, unknown], NOW_US - DAY_US, NOW_US);
    expect(baselines.get(operationKey(unknown.service, unknown.name))).toEqual([]);
    expect(totalOf(baselines.get(operationKey(OPERATION.service, OPERATION.name)) ?? [])).toBe(31);
  });

  it("do not count a re-sent call twice, and count the new calls sent with it", async () => {
    expect((await postSpans(normalCalls)).status).toBe(202);
    const other = { service: SERVICE, name: "post /cart" };
    expect((await postSpans([slowCall, call(5 * MS, NOW_US - 5_000_000, other.name)])).status).toBe(202);
    expect(totalOf(await lastDay())).toBe(31);
    expect(totalOf(await lastDay(other))).toBe(1);
  });

  it("lose the hours past retention and keep the recent ones", async () => {
    const oldStartUs = NOW_US - 30 * DAY_US;
    expect((await postSpans([call(10 * MS, oldStartUs)])).status).toBe(202);
    const oldWindow = () => operationBaselines([OPERATION], oldStartUs - HOUR_US, oldStartUs + HOUR_US);
    expect(totalOf((await oldWindow()).get(operationKey(OPERATION.service, OPERATION.name)) ?? [])).toBe(1);

    await maintainStorage(7 * DAY_US, NOW_US);

    expect((await oldWindow()).get(operationKey(OPERATION.service, OPERATION.name))).toEqual([]);
    expect(totalOf(await lastDay())).toBe(31);
  });
});

describe("GET /api/baselines", () => {
  const window = `start=${Math.floor((NOW_US - DAY_US) / 1000)}&end=${Math.floor(NOW_US / 1000)}`;
  const ask = (query: string) => fetch(`${baseUrl()}/api/baselines?${query}`);
  const pair = ({ service, name }: { service: string; name: string }) =>
    `service=${encodeURIComponent(service)}&name=${encodeURIComponent(name)}`;

  it("answers each operation asked for once, in order, with the histogram lib/db reads", async () => {
    const unknown = { service: SERVICE, name: "never called" };
    const response = await ask(`${window}&${pair(unknown)}&${pair(OPERATION)}&${pair(unknown)}`);
    expect(response.status).toBe(200);
    const { operations } = baselinesResponseSchema.parse(await response.json());
    expect(operations).toEqual([
      { ...unknown, counts: [] },
      { ...OPERATION, counts: (await lastDay()).map(([bucket, count]) => [bucket, count]) },
    ]);
    expect(totalOf(operations[1]?.counts ?? [])).toBe(31);
  });

  it("answers as many operations as the trace page puts in one request", async () => {
    const operations = Array.from({ length: 200 }, (_, i) => ({ service: "s", name: `GET /items/${i}` }));
    const [url, ...more] = baselinesUrls(operations, NOW_US - DAY_US, NOW_US);
    expect(more).toEqual([]);
    const response = await fetch(`${baseUrl()}${url}`);
    expect(response.status).toBe(200);
    expect(baselinesResponseSchema.parse(await response.json()).operations).toHaveLength(200);
  });

  it.each([
    ["no operation", window, /^service is required/],
    ["a service without its name", `${window}&service=a&name=x&service=b`, /^name: expected one per service/],
    ["a NUL in a name", `${window}&service=a&name=x%00y`, /^name: must not contain a NUL character/],
    ["a service name longer than any stored", `${window}&service=${"s".repeat(257)}&name=x`, /^service: /],
    ["a start that is not a time", "start=yesterday&service=a&name=x", /^start: expected an ISO 8601 time/],
    ["a start after the end", "start=2000&end=1000&service=a&name=x", /^start: must be before end$/],
  ])("refuses %s with a 400 saying why", async (_, query, message) => {
    const response = await ask(query);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(message);
  });
});
