import { describe, expect, it } from "vitest";
import { HOUR_US, MINUTE_US } from "../time/hours";
import { changeOf, describeGrain, formatClockMs, formatStepUs } from "./overview";

describe("changeOf", () => {
  it.each([
    ["a rise by a third, the bad way", 1.35, 1, "up", "relative", "▲ 35%", true, false],
    ["a fall, the good way", 80, 100, "up", "relative", "▼ 20%", false, true],
    ["a fall of a rate, neither way", 5, 10, "neither", "relative", "▼ 50%", false, false],
    ["ten times as many, as a multiple", 12, 1, "up", "relative", "▲ 12×", true, false],
    ["a move under 5% is flat", 1.04, 1, "up", "relative", "≈", false, false],
    ["nothing before and something now is new", 3, 0, "neither", "relative", "new", false, false],
    ["nothing before and nothing now is flat", 0, 0, "neither", "relative", "≈", false, false],
    ["no calls before: new", 0.02, null, "up", "points", "new", false, false],
    ["no calls now: nothing to compare", null, 0.02, "up", "points", "", false, false],
    ["an error rate from 1% to 3.1%, in points", 0.031, 0.01, "up", "points", "▲ 2.1 pts", true, false],
    ["an error rate down in points", 0.01, 0.05, "up", "points", "▼ 4 pts", false, true],
    ["under a tenth of a point is flat", 0.0105, 0.01, "up", "points", "≈", false, false],
    ["not a number: nothing to compare", Number.NaN, 1, "up", "relative", "", false, false],
  ] as const)("%s", (_, current, previous, worseWhen, as, text, worse, better) => {
    expect(changeOf(current, previous, worseWhen, as)).toMatchObject({ text, worse, better });
  });
});

describe("formatStepUs", () => {
  it.each([
    [MINUTE_US, "1m"],
    [15 * MINUTE_US, "15m"],
    [HOUR_US, "1h"],
    [6 * HOUR_US, "6h"],
    [24 * HOUR_US, "1d"],
    [90 * MINUTE_US, "90m"],
    [30_000_000, "30s"],
  ])("%i µs is %s", (stepUs, text) => {
    expect(formatStepUs(stepUs)).toBe(text);
  });
});

describe("describeGrain", () => {
  it("says a minute grain's step", () => {
    expect(describeGrain({ stepUs: 5 * MINUTE_US, grain: "minute", startUs: 0 })).toBe(
      "every 5m, from the per-minute histograms",
    );
  });
  it("says an hourly grain widens the window to whole hours", () => {
    const startUs = Date.UTC(2026, 10, 22, 10) * 1000;
    expect(describeGrain({ stepUs: HOUR_US, grain: "hour", startUs })).toBe(
      "every 1h, from the hourly histograms: whole UTC hours from 2026-11-22 10:00 UTC",
    );
  });
});

describe("formatClockMs", () => {
  it("is the local time to the second", () => {
    expect(formatClockMs(new Date(2026, 0, 2, 9, 3, 4).getTime())).toBe("09:03:04");
  });
  it("is empty for no time", () => {
    expect(formatClockMs(Number.NaN)).toBe("");
  });
});
