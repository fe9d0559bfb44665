import { describe, expect, it } from "vitest";
import { span, T0_US, TRACES } from "../../test/analysis-traces";
import { analyseTrace, historyWindowUs, traceOperations } from "../analysis/trace-analysis";
import { baselinesAnswer, baselinesResponseSchema, baselinesUrls, historyOf } from "../api/baselines";
import { readOperations } from "../http/query-params";
import type { Span } from "../model/span";
import { parseTracelightWindow } from "../search/tracelight-params";
import { countsOf, type LatencyCounts, operationKey } from "../services/histogram";
import { HOUR_US, overlappedHoursUs } from "../time/hours";
import { applySkewCorrection, correctClockSkew } from "../trace/skew";
import { buildTraceTree } from "../trace/tree";
import { analyseSpans, type HistoryReader } from "./analysis";
import type { Operation } from "./baselines";

/** A stored call: an operation's duration in the hour it started, as operation_latency keeps it. */
interface Call {
  service: string;
  name: string;
  startUs: number;
  durationUs: number;
}

/** operation_latency in memory: what lib/db/baselines.ts answers, by whole hours overlapped. */
function storeOf(calls: readonly Call[]): HistoryReader {
  return async (operations: readonly Operation[], startUs: number, endUs: number) => {
    const [afterUs, lastUs] = overlappedHoursUs(startUs, endUs);
    return new Map<string, LatencyCounts>(
      operations.map(({ service, name }) => {
        const durations = calls
          .filter((call) => call.service === service && call.name === name)
          .filter((call) => {
            const hourUs = Math.floor(call.startUs / HOUR_US) * HOUR_US;
            return hourUs > afterUs && hourUs <= lastUs;
          })
          .map((call) => call.durationUs);
        return [operationKey(service, name), countsOf(durations)];
      }),
    );
  };
}

/** Each span of the trace as stored, and `usual` calls of each of its operations around it. */
function callsAround(spans: readonly Span[], usual: number): Call[] {
  const own = spans.map((s) => ({
    service: s.serviceName,
    name: s.name,
    startUs: s.startUs,
    durationUs: s.durationUs,
  }));
  const history = own.flatMap((call) =>
    Array.from({ length: usual }, (_, i) => ({
      ...call,
      // Spread over the day before and the hours after: some inside the window, some not.
      startUs: call.startUs - 30 * HOUR_US + i * 1_900_000_000,
      durationUs: Math.max(1, Math.round(call.durationUs / 4) + i * 37),
    })),
  );
  return [...own, ...history];
}

/**
 * What the trace page does in the browser: its operations' baselines asked by operation through
 * GET /api/baselines (each request read as the route reads it), then analyseTrace on the times shown.
 */
async function analyseInBrowser(spans: Span[], rawTimes: boolean, store: HistoryReader) {
  const rawTree = buildTraceTree(spans);
  const tree = rawTimes ? rawTree : applySkewCorrection(rawTree, correctClockSkew(rawTree));
  const { startUs, endUs } = historyWindowUs(rawTree);
  const answers = await Promise.all(
    baselinesUrls(traceOperations(rawTree), startUs, endUs).map(async (url) => {
      const params = new URL(url, "http://tracelight").searchParams;
      const operations = readOperations(params);
      const window = parseTracelightWindow(params, Date.now() * 1000, {
        maxLimit: 1000,
        maxWindowUs: 7 * 86_400_000_000,
      });
      const answer = baselinesAnswer(operations, await store(operations, window.startUs, window.endUs));
      return baselinesResponseSchema.parse(JSON.parse(JSON.stringify(answer)));
    }),
  );
  return analyseTrace(tree, historyOf(answers));
}

/** 1,500 operations over 3 services, with names long enough to need several requests. */
function wideTrace(): Span[] {
  return [
    span("root", undefined, 0, 100),
    ...Array.from({ length: 1_500 }, (_, i) =>
      span(`s${i}`, "root", 1 + (i % 90), 5 + (i % 7), {
        name: `GET /api/v1/orders/${i}/items?expand=true&ä=${"x".repeat(i % 20)}`,
        serviceName: `service-${i % 3}`,
      }),
    ),
  ];
}

describe("the trace page's analysis, in the browser from GET /api/baselines", () => {
  const cases = Object.entries(TRACES).flatMap(([name, spans]) => [
    [`${name}, skew corrected`, spans, false] as const,
    [`${name}, raw times`, spans, true] as const,
  ]);

  it.each(cases)("equals GET /api/traces/{id}/analysis: %s", async (_, spans, rawTimes) => {
    const store = storeOf(callsAround(spans, 30));
    expect(await analyseInBrowser([...spans], rawTimes, store)).toEqual(
      await analyseSpans([...spans], rawTimes, store),
    );
  });

  it("takes the trace's own spans out of the history, as the server does: an outlier among its own kind", async () => {
    const spans = TRACES.login;
    const usualBcrypt = Array.from({ length: 30 }, (_, i) => ({
      service: "auth-service",
      name: "bcrypt",
      startUs: T0_US - (i + 1) * 1_000_000_000,
      durationUs: 2_000 + i * 20,
    }));
    const store = storeOf([...callsAround(spans, 0), ...usualBcrypt]);
    const browser = await analyseInBrowser([...spans], false, store);
    expect(browser.spans.bcrypt?.baseline?.count).toBe(30);
    expect(browser.spans.bcrypt?.anomalous).toBe(true);
  });

  it("equals the server's for a trace with more operations than one request carries", async () => {
    const spans = wideTrace();
    const rawTree = buildTraceTree(spans);
    const { startUs, endUs } = historyWindowUs(rawTree);
    expect(baselinesUrls(traceOperations(rawTree), startUs, endUs).length).toBeGreaterThan(1);
    const store = storeOf(callsAround(spans, 2));
    expect(await analyseInBrowser(spans, false, store)).toEqual(await analyseSpans(spans, false, store));
  });

  it("reads the same hours when the trace ends a fraction of a millisecond before an hour", async () => {
    const hourUs = Math.ceil(T0_US / HOUR_US) * HOUR_US;
    const spans = [span("root", undefined, (hourUs - T0_US - 2_000) / 1000, 1.5)];
    const store = storeOf([
      ...callsAround(spans, 25),
      { service: "api", name: "root", startUs: hourUs + 10, durationUs: 1 },
    ]);
    expect(await analyseInBrowser(spans, true, store)).toEqual(await analyseSpans(spans, true, store));
  });
});
