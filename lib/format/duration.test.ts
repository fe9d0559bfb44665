import { describe, expect, it } from "vitest";
import { formatDurationUs, formatOffsetUs, parseDurationUs } from "./duration";

describe("parseDurationUs", () => {
  it.each([
    ["fractional milliseconds", "1.5ms", 1_500],
    ["microseconds", "500us", 500],
    ["micro sign", "500µs", 500],
    ["nanoseconds round to the nearest microsecond", "4500ns", 5],
    ["compound Go duration", "1h30m", 5_400_000_000],
    ["days for retention", "7d", 604_800_000_000],
    ["the longest a number holds exactly, 2^53 - 1 µs", "9007199254740991us", Number.MAX_SAFE_INTEGER],
  ])("%s", (_name, text, expected) => {
    expect(parseDurationUs(text)).toBe(expected);
  });

  it.each([
    ["bare number", "500"],
    ["unknown unit", "5y"],
    ["empty", ""],
    ["trailing junk", "5ms!"],
    ["one microsecond past 2^53", "9007199254740992us"],
    ["a duration past 2^53 µs once its unit is applied", "100000000000000000000000ms"],
    ["digits past what a number holds", `${"9".repeat(400)}ms`],
    ["parts that add up past 2^53 µs", "104249d104249d"],
  ])("rejects %s", (_name, text) => {
    expect(parseDurationUs(text)).toBeUndefined();
  });
});

describe("formatDurationUs", () => {
  it.each([
    [812, "812µs"],
    [1_250, "1.25ms"],
    [70_000, "70ms"],
    [3_456_789, "3.46s"],
    [125_000_000, "2m 5s"],
    [3_720_000_000, "1h 2m"],
    [31_536_000_000_000, "8760h 0m"],
    [-5, "0µs"],
    [Number.NaN, "0µs"],
    [2 ** 63, "2501999h 47m"],
  ])("%d µs is %s", (us, expected) => {
    expect(formatDurationUs(us)).toBe(expected);
  });
});

describe("formatOffsetUs", () => {
  it.each([
    ["after", 5_000, "+5ms"],
    ["at", 0, "+0µs"],
    ["before, with a minus sign", -2_500, "−2.5ms"],
  ])("%s", (_name, us, expected) => {
    expect(formatOffsetUs(us)).toBe(expected);
  });
});
