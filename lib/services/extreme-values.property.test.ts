import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  expectSane,
  extremeNumber,
  extremePx,
  extremeTrace,
  extremeUs,
  isAscending,
  storedBucket,
  storedCount,
  storedCounts,
} from "../../test/extreme-values";
import { floorHourUs } from "../time/hours";
import { buildGraph } from "./dependency-graph";
import {
  baselineOf,
  bucketLowerUs,
  bucketOf,
  bucketUpperUs,
  countsOf,
  isAnomalous,
  LAST_BUCKET,
  percentileUs,
  rankOf,
} from "./histogram";
import { traceLinks } from "./links";
import { seriesOf, windowRed } from "./red";
import { chartLayout, chartValues, formatPointTimeUs, formatRatePerS } from "./red-chart";
import { MAX_POINTS, pointTimes, stepWindow } from "./steps";

describe("histograms on extreme values", () => {
  it("bucket any duration, and bound any bucket, in safe integers that agree", () => {
    fc.assert(
      fc.property(fc.oneof(extremeUs, extremeNumber), storedBucket, (durationUs, bucket) => {
        const own = bucketOf(durationUs);
        expect(own).toBeGreaterThanOrEqual(0);
        expect(own).toBeLessThanOrEqual(LAST_BUCKET);
        const [lowerUs, upperUs] = [bucketLowerUs(bucket), bucketUpperUs(bucket)];
        expect(Number.isSafeInteger(lowerUs) && Number.isSafeInteger(upperUs)).toBe(true);
        expect(upperUs).toBeGreaterThanOrEqual(lowerUs);
        if (Number.isInteger(durationUs) && durationUs >= 0 && durationUs <= bucketLowerUs(LAST_BUCKET)) {
          expect(bucketLowerUs(own)).toBeLessThanOrEqual(durationUs);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("read percentiles, ranks and baselines of any stored counts in order", () => {
    fc.assert(
      fc.property(storedCounts, extremeUs, (history, durationUs) => {
        const [p50, p95, p99] = [0.5, 0.95, 0.99].map((fraction) => percentileUs(history, fraction));
        if (p50 !== undefined && p95 !== undefined && p99 !== undefined) {
          expectSane([p50, p95, p99]);
          expect(isAscending([0, p50, p95, p99])).toBe(true);
        }
        const rank = rankOf(history, durationUs);
        expectSane(rank);
        expectSane(baselineOf(history) ?? {});
        expect(typeof isAnomalous(history, durationUs)).toBe("boolean");
      }),
      { numRuns: 500 },
    );
  });

  it("counts any durations into buckets it can bound", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(extremeUs, extremeNumber)), (durationsUs) => {
        const own = countsOf(durationsUs);
        expectSane(own);
        for (const [bucket] of own) expect(bucket).toBeLessThanOrEqual(LAST_BUCKET);
      }),
    );
  });
});

describe("RED on extreme values", () => {
  const row = fc.record({
    timeUs: extremeUs.map(floorHourUs),
    bucket: storedBucket,
    count: storedCount,
    errors: storedCount,
  });

  it("builds series of any stored rows in finite numbers, rates and shares within their ranges", () => {
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 20 }),
        extremeUs,
        extremeUs,
        extremeUs,
        fc.boolean(),
        (rows, a, b, nowUs, minutes) => {
          const [startUs, endUs] = [Math.min(a, b), Math.max(a, b)];
          const window = stepWindow(startUs, endUs, minutes ? startUs : endUs + 1);
          if (typeof window === "string") return;
          const inWindow = rows.map((r, i) =>
            i % 2 === 0 ? { ...r, timeUs: pointTimes(window)[0] ?? 0 } : r,
          );
          const series = seriesOf(inWindow, window, nowUs);
          expect(series.length).toBeLessThanOrEqual(MAX_POINTS);
          const total = windowRed(inWindow, window, nowUs);
          expectSane([total, series]);
          expect(isAscending([0, total.p50Us ?? 0, total.p95Us ?? 0, total.p99Us ?? 0])).toBe(true);
          for (const point of series) {
            expect(point.ratePerS).toBeGreaterThanOrEqual(0);
            if (point.errorRate !== null) expect(point.errorRate).toBeGreaterThanOrEqual(0);
            if (point.errorRate !== null) expect(point.errorRate).toBeLessThanOrEqual(1);
          }
          const values = chartValues(series);
          expectSane(chartLayout(values.timesUs, [values.p50Us, values.p99Us], { width: 120, height: 40 }));
          for (const point of series) {
            expectSane([formatRatePerS(point.ratePerS), formatPointTimeUs(point.timeUs)]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("lays a chart out in any size and any values without NaN", () => {
    const values = fc.array(fc.option(extremeNumber, { nil: null }), { maxLength: 30 });
    fc.assert(
      fc.property(
        fc.array(extremeUs, { maxLength: 30 }),
        fc.array(values, { maxLength: 3 }),
        extremePx,
        extremePx,
        extremeNumber,
        (hoursUs, series, width, height, minTop) => {
          const layout = chartLayout(hoursUs, series, { width, height }, minTop);
          expectSane(layout);
          expectSane(series.flat().map((value) => formatRatePerS(value ?? 0)));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("the dependency graph on extreme values", () => {
  it("builds any stored link rows into finite, ordered percentiles", () => {
    const linkRow = fc.record({
      parent: fc.constantFrom("api", "db", ""),
      child: fc.constantFrom("api", "db", "kafka/orders"),
      bucket: storedBucket,
      calls: storedCount,
      errors: storedCount,
    });
    fc.assert(
      fc.property(fc.array(linkRow, { maxLength: 20 }), (rows) => {
        const graph = buildGraph(rows, new Map());
        expectSane(graph);
        for (const link of graph.links)
          expect(isAscending([0, link.p50Us, link.p95Us, link.p99Us])).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("derives any trace's links in finite numbers, with buckets a smallint holds", () => {
    fc.assert(
      fc.property(extremeTrace, (spans) => {
        const { calls } = traceLinks(spans);
        expectSane(calls);
        for (const call of calls) expect(bucketOf(call.durationUs)).toBeLessThanOrEqual(LAST_BUCKET);
      }),
      { numRuns: 300 },
    );
  });
});
