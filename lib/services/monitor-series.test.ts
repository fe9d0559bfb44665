import { describe, expect, it } from "vitest";
import { HOUR_US, MINUTE_US, SECOND_US } from "../time/hours";
import { countsOf, percentileUs } from "./histogram";
import {
  type GrainCountRow,
  grainsToRead,
  grainUs,
  type MonitorWindow,
  monitorSeries,
  pointTimesUs,
  rateWindowUs,
} from "./monitor-series";

/** A minute start; the points fall half a minute into minutes. */
const M0 = Math.floor(1_763_800_000_000_000 / HOUR_US) * HOUR_US;
const minute = (n: number) => M0 + n * MINUTE_US;

/** Points at minutes 2.5, 3.5, 4.5, 5.5, 6.5, each over the two minutes before it. */
const WINDOW: MonitorWindow = {
  endUs: minute(6) + 30 * SECOND_US,
  lookbackUs: 4 * MINUTE_US,
  stepUs: MINUTE_US,
  ratePerUs: 2 * MINUTE_US,
};

function row(
  n: number,
  count: number,
  errors = 0,
  operation: string | null = null,
  bucket = 80,
): GrainCountRow {
  return { service: "shop", operation, timeUs: minute(n), bucket, count, errors };
}

const values = (rows: GrainCountRow[], measure: Parameters<typeof monitorSeries>[3], window = WINDOW) =>
  monitorSeries(rows, window, MINUTE_US, measure).map((series) => ({
    ...series,
    points: series.points.map((point) => [(point.timeUs - M0) / MINUTE_US, point.value]),
  }));

describe("monitorSeries", () => {
  it("rates calls per second over the minutes starting in [t − ratePer, t), zero where none", () => {
    // Minute 0 counts for no point (the first, at 2.5, sums minutes 1 and 2); minute 6 counts for the last.
    const rows = [row(0, 1000), row(1, 60), row(2, 30), row(2, 30), row(6, 12)];
    expect(values(rows, { kind: "calls" })).toEqual([
      {
        service: "shop",
        operation: null,
        points: [
          [2.5, 120 / 120],
          [3.5, 60 / 120],
          [4.5, 0],
          [5.5, 0],
          [6.5, 12 / 120],
        ],
      },
    ]);
  });

  it("answers the error rate as a fraction of the window's calls, leaving out windows without calls", () => {
    const rows = [row(1, 10, 1), row(2, 10, 3), row(6, 4, 4)];
    expect(values(rows, { kind: "errors" })[0]?.points).toEqual([
      [2.5, 4 / 20],
      [3.5, 3 / 10],
      [6.5, 1],
    ]);
  });

  it("answers the window's latency quantile in ms, from the merged buckets", () => {
    const fast = countsOf([2_000, 2_000, 2_000]);
    const slow = countsOf([900_000]);
    const rows = [
      ...fast.map(([bucket, count]) => row(2, count, 0, null, bucket)),
      ...slow.map(([bucket, count]) => row(3, count, 0, null, bucket)),
    ];
    const merged = [...fast, ...slow].sort((a, b) => a[0] - b[0]);
    const points = values(rows, { kind: "latency", quantile: 0.95 })[0]?.points;
    expect(points).toEqual([
      [2.5, (percentileUs(fast, 0.95) as number) / 1000],
      [3.5, (percentileUs(merged, 0.95) as number) / 1000],
      [4.5, (percentileUs(slow, 0.95) as number) / 1000],
    ]);
    expect(points?.[1]?.[1]).toBeGreaterThanOrEqual(900);
    expect(values(rows, { kind: "latency", quantile: 0.5 })[0]?.points[1]?.[1]).toBeLessThan(3);
  });

  it("groups by operation, sorted by service then operation, with only series that had calls", () => {
    const rows = [
      row(2, 5, 0, "b"),
      row(2, 5, 0, "a"),
      { ...row(2, 5, 0, "a"), service: "cart" },
      row(0, 100, 0, "before the first window"),
      row(3, 0, 0, "no calls"),
    ];
    const series = values(rows, { kind: "calls" });
    expect(series.map(({ service, operation }) => [service, operation])).toEqual([
      ["cart", "a"],
      ["shop", "a"],
      ["shop", "b"],
    ]);
  });

  it("rounds the rate window up to whole minutes, at least one", () => {
    expect(rateWindowUs({ ...WINDOW, ratePerUs: 90 * SECOND_US }, MINUTE_US)).toBe(2 * MINUTE_US);
    expect(rateWindowUs({ ...WINDOW, ratePerUs: SECOND_US }, MINUTE_US)).toBe(MINUTE_US);
    const rows = [row(1, 60), row(2, 60)];
    expect(values(rows, { kind: "calls" }, { ...WINDOW, ratePerUs: 1000 })[0]?.points.slice(0, 2)).toEqual([
      [2.5, 1],
      [3.5, 0],
    ]);
  });

  it("evaluates steps shorter than a minute on the minute counts, as Prometheus evaluates them on its scrapes", () => {
    const window = { ...WINDOW, endUs: minute(3), lookbackUs: MINUTE_US, stepUs: 20 * SECOND_US };
    const times = pointTimesUs(window).map((t) => (t - M0) / SECOND_US);
    expect(times).toEqual([120, 140, 160, 180]);
    expect(values([row(1, 120), row(2, 240)], { kind: "calls" }, window)[0]?.points).toEqual([
      [2, 1],
      [120 / 60 + 20 / 60, 3],
      [120 / 60 + 40 / 60, 3],
      [3, 3],
    ]);
  });
});

describe("the grain and the grains read", () => {
  it("reads hours when both the step and the rate window are hours or more", () => {
    expect(grainUs({ ...WINDOW, stepUs: HOUR_US, ratePerUs: HOUR_US }, 0)).toBe(HOUR_US);
    expect(grainUs({ ...WINDOW, stepUs: HOUR_US, ratePerUs: 10 * MINUTE_US }, 0)).toBe(MINUTE_US);
    expect(grainUs({ ...WINDOW, stepUs: MINUTE_US, ratePerUs: 2 * HOUR_US }, 0)).toBe(MINUTE_US);
  });

  it("reads minutes while half the points' windows are within the minutes kept, hours past that", () => {
    // Points at 2.5 … 6.5 over 2 minutes: the middle one's window starts at minute 2.5.
    expect(grainUs(WINDOW, minute(2) + 30 * SECOND_US)).toBe(MINUTE_US);
    expect(grainUs(WINDOW, minute(3))).toBe(HOUR_US);
  });

  it("leaves out the points whose window starts before the rows are complete", () => {
    const rows = [row(1, 60), row(2, 60), row(3, 60)];
    const points = monitorSeries(rows, WINDOW, MINUTE_US, { kind: "calls" }, minute(2));
    expect(points[0]?.points.map((point) => (point.timeUs - M0) / MINUTE_US)).toEqual([3.5, 4.5, 5.5, 6.5]);
  });

  it("reads from the first point's window, grain-aligned, to the end", () => {
    expect(grainsToRead(WINDOW, MINUTE_US)).toEqual({ startUs: minute(0), endUs: WINDOW.endUs });
  });
});
