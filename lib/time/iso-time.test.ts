import { describe, expect, it } from "vitest";
import { parseIsoTimeMs } from "./iso-time";

const AT_TEN = Date.UTC(2026, 10, 29, 10);

describe("parseIsoTimeMs", () => {
  it.each([
    ["a date, as midnight UTC", "2026-11-29", Date.UTC(2026, 10, 29)],
    ["what toISOString writes", "2026-11-29T10:00:00.000Z", AT_TEN],
    ["minutes without seconds", "2026-11-29T10:00Z", AT_TEN],
    ["a space for the T, as RFC 3339 allows", "2026-11-29 10:00:00Z", AT_TEN],
    ["lower-case t and z", "2026-11-29t10:00:00z", AT_TEN],
    ["a fraction past milliseconds, cut to them", "2026-11-29T10:00:00.123456789Z", AT_TEN + 123],
    ["a fraction with a comma, as ISO 8601 allows", "2026-11-29T10:00:00,5Z", AT_TEN + 500],
    ["an offset with a colon", "2026-11-29T11:00:00+01:00", AT_TEN],
    ["an offset without one", "2026-11-29T11:00:00+0100", AT_TEN],
    ["an offset of hours only", "2026-11-29T05:00:00-05", AT_TEN],
    ["the leap day of a leap year", "2024-02-29", Date.UTC(2024, 1, 29)],
    ["the leap day of a year divisible by 400", "2000-02-29", Date.UTC(2000, 1, 29)],
  ])("reads %s", (_name, text, expectedMs) => {
    expect(parseIsoTimeMs(text)).toBe(expectedMs);
  });

  it("reads a time without a zone as the server's local time, as JavaScript does", () => {
    expect(parseIsoTimeMs("2026-11-29T10:00")).toBe(new Date(2026, 10, 29, 10).getTime());
  });

  it.each([
    ["'$1', which Date.parse takes for 2001-01-01", "$1"],
    ["a word", "yesterday"],
    ["a date Date.parse would roll into March", "2026-02-30"],
    ["the 29th of February of a common year", "2026-02-29"],
    ["the 29th of February of a century not divisible by 400", "1900-02-29"],
    ["the 31st of a 30-day month", "2026-04-31"],
    ["month 13", "2026-13-01"],
    ["day 0", "2026-11-00"],
    ["hour 24", "2026-11-29T24:00:00Z"],
    ["minute 60", "2026-11-29T10:60Z"],
    ["a leap second", "2026-11-29T23:59:60Z"],
    ["an offset of 24 hours", "2026-11-29T10:00+24:00"],
    ["an hour without minutes", "2026-11-29T10Z"],
    ["a zone on a date alone", "2026-11-29Z"],
    ["a single-digit month", "2026-1-29"],
    ["an expanded year", "+002026-11-29"],
    ["a negative year", "-000001-01-01"],
    ["an RFC 2822 date", "Sun, 29 Nov 2026 10:00:00 GMT"],
    ["a US date", "11/29/2026"],
    ["surrounding space", " 2026-11-29"],
    ["epoch milliseconds, which are not ISO 8601", "1795860000000"],
    ["empty", ""],
  ])("refuses %s", (_name, text) => {
    expect(parseIsoTimeMs(text)).toBeUndefined();
  });
});
