import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectSane, extremeUs, isAscending } from "../../test/extreme-values";
import { MAX_TIME_US } from "../model/span";
import { DAY_US, floorHourUs, HOUR_US, MAX_WINDOW_HOURS, overlappedHoursUs, windowHoursUs } from "./hours";

/** 2026-11-22 09:00 UTC. */
const H0 = 498_705 * HOUR_US;
const H1 = H0 + HOUR_US;
const H2 = H0 + 2 * HOUR_US;

describe("floorHourUs", () => {
  it.each([
    ["an hour's start is itself", H0, H0],
    ["a microsecond before the next hour", H1 - 1, H0],
    ["a time before 1970 floors to an earlier hour", -1, -HOUR_US],
  ])("%s", (_name, us, hourUs) => {
    expect(floorHourUs(us)).toBe(hourUs);
  });
});

describe("windowHoursUs", () => {
  it.each([
    { name: "a window inside one hour is that hour", startUs: H0 + 1, endUs: H0 + 2, hours: [H0] },
    {
      name: "a window across hours reads every hour it touches",
      startUs: H0 + HOUR_US / 2,
      endUs: H2 + 1,
      hours: [H0, H1, H2],
    },
    { name: "an end on the hour takes in the hour it starts", startUs: H0, endUs: H1, hours: [H0, H1] },
    { name: "an end before the start has no hours", startUs: H1, endUs: H0, hours: [] },
    { name: "a window of NaN (0/0) has no hours", startUs: Number.NaN, endUs: H0, hours: [] },
    { name: "a window before 1970 has no hours", startUs: -5 * HOUR_US, endUs: -1, hours: [] },
  ])("$name", ({ startUs, endUs, hours }) => {
    expect(windowHoursUs(startUs, endUs)).toEqual(hours);
  });

  it.each([
    ["wider than a year keeps its most recent year", 0, H2, H2],
    ["ending past 2^52 µs ends at the last hour a span can start in", H0, 2 ** 63, floorHourUs(MAX_TIME_US)],
  ])("a window %s", (_name, startUs, endUs, lastHourUs) => {
    const hours = windowHoursUs(startUs, endUs);
    expect(hours).toHaveLength(MAX_WINDOW_HOURS);
    expect(hours.at(-1)).toBe(lastHourUs);
  });
});

describe("overlappedHoursUs", () => {
  it("bounds the same hours windowHoursUs lists, for any window within the years spans can start in", () => {
    const time = fc.integer({ min: 0, max: MAX_TIME_US });
    fc.assert(
      fc.property(
        time,
        fc.integer({ min: 0, max: 300 * DAY_US }),
        fc.integer({ min: -3, max: 3 }),
        (startUs, widthUs, step) => {
          const endUs = Math.min(startUs + widthUs, MAX_TIME_US);
          const hours = windowHoursUs(startUs, endUs);
          const [afterUs, lastUs] = overlappedHoursUs(startUs, endUs);
          const inBounds = (hourUs: number) => afterUs < hourUs && hourUs <= lastUs;
          expect(hours.every(inBounds)).toBe(true);
          // The hours just outside the list are outside the bounds too.
          const outside =
            step < 0
              ? (hours[0] as number) + step * HOUR_US
              : (hours.at(-1) as number) + (step + 1) * HOUR_US;
          expect(inBounds(outside)).toBe(false);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("windows on extreme values", () => {
  it("answers any window with at most a year of hourly points, oldest first", () => {
    fc.assert(
      fc.property(extremeUs, extremeUs, (a, b) => {
        const hours = windowHoursUs(Math.min(a, b), Math.max(a, b));
        expect(hours.length).toBeLessThanOrEqual(366 * 24);
        expect(isAscending(hours)).toBe(true);
        expectSane(hours);
      }),
      { numRuns: 1000 },
    );
  });
});
