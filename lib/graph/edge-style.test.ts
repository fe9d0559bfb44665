import { describe, expect, it } from "vitest";
import {
  describeCalls,
  describeLatency,
  errorLevel,
  errorRate,
  formatErrorRate,
  strokeWidthScale,
} from "./edge-style";

describe("errorLevel", () => {
  it.each([
    ["no errors", 0, 100, "ok"],
    ["just under 1%", 99, 10_000, "ok"],
    ["1% misses a 99% target", 1, 100, "warn"],
    ["just under 5%", 49, 1_000, "warn"],
    ["5% is failing", 5, 100, "error"],
    ["every call failing", 7, 7, "error"],
    ["no calls at all", 0, 0, "ok"],
  ])("%s", (_name, errors, calls, level) => {
    expect(errorLevel(errorRate(errors, calls))).toBe(level);
  });
});

describe("strokeWidthScale", () => {
  const width = strokeWidthScale(10_000);

  it.each([
    ["one call is thin but visible", 1, 1.25],
    ["the busiest link is the widest", 10_000, 6],
    ["more than the busiest is clamped", 50_000, 6],
    ["no calls is clamped too", 0, 1.25],
  ])("%s", (_name, calls, px) => {
    expect(width(calls)).toBeCloseTo(px);
  });

  it("grows with the square root of the calls", () => {
    const extra = (calls: number) => width(calls) - width(1);
    expect(extra(2_500) / extra(10_000)).toBeCloseTo(Math.sqrt(2_499) / Math.sqrt(9_999), 1);
    expect(width(100)).toBeLessThan(width(400));
  });

  it("gives every link of a one-call graph the thinnest stroke", () => {
    expect(strokeWidthScale(1)(1)).toBeCloseTo(1.25);
  });
});

describe("formatErrorRate", () => {
  it.each([
    [0, "0%"],
    [0.0004, "0.04%"],
    [0.025, "2.5%"],
    [1 / 3, "33.3%"],
    [0.5, "50%"],
    [1, "100%"],
  ])("%s is %s", (rate, text) => {
    expect(formatErrorRate(rate)).toBe(text);
  });
});

describe("describeCalls and describeLatency", () => {
  it("says calls, errors and their rate", () => {
    expect(describeCalls({ calls: 3, errors: 1 })).toBe("3 calls, 1 error (33.3%)");
    expect(describeCalls({ calls: 1, errors: 0 })).toBe("1 call, 0 errors (0%)");
    expect(describeCalls({ calls: 12_500, errors: 2 })).toBe("12,500 calls, 2 errors (0.02%)");
  });

  it("says the percentiles as durations", () => {
    expect(describeLatency({ p50Us: 1_200, p95Us: 4_000, p99Us: 12_000 })).toBe(
      "p50 1.2ms · p95 4ms · p99 12ms",
    );
  });
});
