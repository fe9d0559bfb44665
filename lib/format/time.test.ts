import { describe, expect, it } from "vitest";
import { formatRelativeUs, formatTimestampUs, fromLocalInput, toLocalInput } from "./time";

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
});

describe("toLocalInput and fromLocalInput", () => {
  it("round-trip a time through a datetime-local input, to the second", () => {
    const iso = "2026-11-29T10:15:30.000Z";
    expect(fromLocalInput(toLocalInput(iso))).toBe(iso);
    expect(fromLocalInput(toLocalInput(String(Date.parse(iso))))).toBe(iso);
  });

  it("leave an empty or unreadable time empty", () => {
    expect(toLocalInput("")).toBe("");
    expect(toLocalInput("yesterday")).toBe("");
    expect(fromLocalInput("")).toBe("");
  });
});
