import { describe, expect, it } from "vitest";
import { HOUR_US, MINUTE_US } from "../time/hours";
import { quietPoint } from "./red";
import { chartLayout, chartValues, formatPointTimeUs, formatRatePerS } from "./red-chart";

const SIZE = { width: 106, height: 46 };
const hours = (n: number) => Array.from({ length: n }, (_, i) => i * HOUR_US);

describe("chartLayout", () => {
  it("spreads the hours across the width and scales values from a zero baseline", () => {
    const layout = chartLayout(hours(3), [[0, 5, 10]], SIZE);
    expect(layout.top).toBe(10);
    expect(layout.lines[0]?.path).toBe("M3,43L53,23L103,3");
    expect(layout.lines[0]?.dots).toEqual([]);
    expect(layout.columns.map(({ x, width }) => [x, width])).toEqual([
      [0, 28],
      [28, 50],
      [78, 28],
    ]);
  });

  it.each([
    {
      name: "an hour without a value is a gap, and a value alone between gaps a dot",
      values: [4, null, 4, 4],
      path: "M3,3ZM69.667,3L103,3",
      dots: [{ x: 3, y: 3 }],
    },
    { name: "a single hour is a dot in the middle", values: [2], path: "M53,3Z", dots: [{ x: 53, y: 3 }] },
    { name: "a series without values draws nothing", values: [null, null], path: "", dots: [] },
  ])("$name", ({ values, path, dots }) => {
    const [drawn] = chartLayout(hours(values.length), [values], SIZE).lines;
    expect(drawn?.path.replace(/(\.\d{3})\d+/g, "$1")).toBe(path);
    expect(drawn?.dots).toEqual(dots);
  });

  it.each([
    { name: "small values stay low under minTop", series: [[0.001, 0.002]], minTop: 0.01, top: 0.01 },
    { name: "values above minTop set the top", series: [[0.2], [0.5]], minTop: 0.01, top: 0.5 },
    { name: "all zero with no minTop still has a scale", series: [[0, 0]], minTop: 0, top: 1 },
  ])("$name", ({ series, minTop, top }) => {
    expect(chartLayout(hours(series[0]?.length ?? 0), series, SIZE, minTop).top).toBe(top);
  });
});

describe("formatRatePerS", () => {
  it.each([
    { name: "busy operations per second", ratePerS: 12.345, text: "12.3/s" },
    { name: "exactly one a second", ratePerS: 1, text: "1/s" },
    { name: "under one a second, per minute", ratePerS: 3 / 60, text: "3/min" },
    { name: "under one a minute, per hour", ratePerS: 2 / 3600, text: "2/h" },
    { name: "rarer still, a fraction per hour", ratePerS: 0.5 / 3600, text: "0.5/h" },
    { name: "none", ratePerS: 0, text: "0/s" },
  ])("$name", ({ ratePerS, text }) => {
    expect(formatRatePerS(ratePerS)).toBe(text);
  });
});

describe("formatPointTimeUs", () => {
  it("names an hour by its start, in UTC", () => {
    expect(formatPointTimeUs(Date.UTC(2026, 10, 22, 10) * 1000)).toBe("2026-11-22 10:00 UTC");
  });
  it("names a minute by its start, in UTC", () => {
    expect(formatPointTimeUs(Date.UTC(2026, 10, 22, 10, 5) * 1000)).toBe("2026-11-22 10:05 UTC");
  });
});

describe("chartValues", () => {
  it("splits the points into one array per measure, gaps kept", () => {
    const point = {
      timeUs: 0,
      calls: 2,
      errors: 1,
      ratePerS: 0.5,
      errorRate: 0.5,
      p50Us: 9,
      p95Us: 99,
      p99Us: 999,
    };
    expect(chartValues([point, quietPoint(MINUTE_US)])).toEqual({
      timesUs: [0, MINUTE_US],
      ratePerS: [0.5, 0],
      errorRate: [0.5, null],
      p50Us: [9, null],
      p95Us: [99, null],
      p99Us: [999, null],
    });
  });
});
