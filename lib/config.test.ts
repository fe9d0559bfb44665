import { describe, expect, it } from "vitest";
import { readConfig } from "./config";

describe("TRACELIGHT_MAINTENANCE_INTERVAL", () => {
  it.each([
    ["unset: ten minutes", undefined, 600_000_000],
    ["empty: the default", "", 600_000_000],
    ["seconds", "30s", 30_000_000],
    ["hours", "1h", 3_600_000_000],
    ["the shortest allowed", "1s", 1_000_000],
  ])("%s", (_, value, expectedUs) => {
    expect(readConfig({ TRACELIGHT_MAINTENANCE_INTERVAL: value }).TRACELIGHT_MAINTENANCE_INTERVAL).toBe(
      expectedUs,
    );
  });

  it.each([
    ["below a second", "500ms", /at least 1s/],
    ["zero", "0s", /expected a duration/],
    ["no unit", "10", /expected a duration/],
    ["not a duration", "often", /expected a duration/],
  ])("refuses %s, naming the variable", (_, value, reason) => {
    expect(() => readConfig({ TRACELIGHT_MAINTENANCE_INTERVAL: value })).toThrow(
      /TRACELIGHT_MAINTENANCE_INTERVAL/,
    );
    expect(() => readConfig({ TRACELIGHT_MAINTENANCE_INTERVAL: value })).toThrow(reason);
  });
});
