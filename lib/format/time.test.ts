import { describe, expect, it } from "vitest";
import { formatRelativeUs, formatTimestampUs } from "./time";

const now = Date.UTC(2026, 10, 22, 12, 0, 0) * 1000;

describe("formatRelativeUs", () => {
  it.each([
    ["within five seconds", now - 3_000_000, "just now"],
    ["one minute, singular", now - 60_000_000, "1 minute ago"],
    ["hours", now - 3 * 3_600_000_000, "3 hours ago"],
    ["days", now - 2 * 86_400_000_000, "2 days ago"],
    ["a sender's clock ahead of ours", now + 120_000_000, "in 2 minutes"],
  ])("%s", (_name, timestampUs, expected) => {
    expect(formatRelativeUs(timestampUs, now)).toBe(expected);
  });
});

describe("formatTimestampUs", () => {
  it("prints UTC to the millisecond", () => {
    expect(formatTimestampUs(now + 123_456)).toBe("2026-11-22 12:00:00.123 UTC");
  });
  it.each([
    ["to the microsecond", now + 123_456, "2026-11-22 12:00:00.123456 UTC"],
    ["with the microseconds' leading zeros", now + 120_007, "2026-11-22 12:00:00.120007 UTC"],
    ["before 1970, still counting forward within the millisecond", -1, "1969-12-31 23:59:59.999999 UTC"],
  ])("prints UTC %s", (_, timestampUs, expected) => {
    expect(formatTimestampUs(timestampUs, "us")).toBe(expected);
  });
});
