import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DAY_US, HOUR_US } from "../time/hours";
import { isDailyPartition, partitionName, retentionWindow } from "./retention-window";

const NOV_22_2026_US = Date.UTC(2026, 10, 22) * 1000;

describe("retentionWindow", () => {
  it.each([
    [
      "mid-day: the cutoff's whole day is kept",
      NOV_22_2026_US + 13 * HOUR_US,
      7 * DAY_US,
      "2026-11-15",
      "2026-11-25",
    ],
    [
      "at midnight: the cutoff starts the first kept day",
      NOV_22_2026_US,
      7 * DAY_US,
      "2026-11-15",
      "2026-11-25",
    ],
    ["a microsecond before midnight", NOV_22_2026_US - 1, 7 * DAY_US, "2026-11-14", "2026-11-24"],
    [
      "a retention under a day keeps yesterday from the cutoff",
      NOV_22_2026_US + HOUR_US,
      12 * HOUR_US,
      "2026-11-21",
      "2026-11-25",
    ],
  ])("%s", (_, nowUs, retentionUs, keepFrom, horizon) => {
    const window = retentionWindow(retentionUs, nowUs);
    expect(new Date(window.keepFromUs / 1000).toISOString()).toBe(`${keepFrom}T00:00:00.000Z`);
    expect(new Date(window.horizonUs / 1000).toISOString()).toBe(`${horizon}T00:00:00.000Z`);
  });

  it("keeps at least the retention and at most a day more, prepares two to three days ahead, a partition a day", () => {
    const someTime = fc.integer({ min: 0, max: 4_000_000_000_000_000 });
    const retention = fc.integer({ min: 1, max: 400 * DAY_US });
    fc.assert(
      fc.property(someTime, retention, (nowUs, retentionUs) => {
        const { keepFromUs, horizonUs, days } = retentionWindow(retentionUs, nowUs);
        expect(Number.isInteger(keepFromUs / DAY_US)).toBe(true);
        expect(keepFromUs).toBeLessThanOrEqual(nowUs - retentionUs);
        expect(nowUs - retentionUs - keepFromUs).toBeLessThan(DAY_US);
        expect(horizonUs - nowUs).toBeGreaterThan(2 * DAY_US);
        expect(horizonUs - nowUs).toBeLessThanOrEqual(3 * DAY_US);
        expect(days[0] ?? Number.NaN).toBe(keepFromUs / DAY_US);
        expect(days).toHaveLength((horizonUs - keepFromUs) / DAY_US);
      }),
    );
  });
});

describe("partitionName", () => {
  it("names a day by its UTC date, so names sort as days do", () => {
    const day = NOV_22_2026_US / DAY_US;
    expect(partitionName(day)).toBe("spans_d20261122");
    expect(partitionName(day - 1) < partitionName(day)).toBe(true);
    expect(partitionName(day + 40) > partitionName(day)).toBe(true);
  });

  it("tells the daily partitions from spans_default and other tables", () => {
    expect(
      ["spans_d20261122", "spans_default", "spans_d2026112", "spans_d20261122_old"].filter(isDailyPartition),
    ).toEqual(["spans_d20261122"]);
  });
});
