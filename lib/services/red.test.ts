import { describe, expect, it } from "vitest";
import { HOUR_US, MINUTE_US } from "../time/hours";
import { bucketOf, bucketUpperUs } from "./histogram";
import { type CountRow, redOf, seriesOf, windowRed } from "./red";
import type { StepWindow } from "./steps";

const MS = 1_000;
/** A duration as the histograms give it back: its bucket's longest duration. */
const top = (us: number) => bucketUpperUs(bucketOf(us)) - 1;
/** 2026-11-22 09:00 UTC. */
const H0 = 498_705 * HOUR_US;
/** Three minutes from H0, at a step of a minute; the third minute is half over. */
const WINDOW: StepWindow = { grain: "minute", stepUs: MINUTE_US, fromUs: H0, toUs: H0 + 3 * MINUTE_US };
const NOW = H0 + 2.5 * MINUTE_US;

function row(timeUs: number, durationUs: number, count: number, errors = 0): CountRow {
  return { timeUs, bucket: bucketOf(durationUs), count, errors };
}

describe("seriesOf", () => {
  it("sums each step's buckets into a point, with a quiet point for a step without calls", () => {
    const series = seriesOf(
      [row(H0, 10 * MS, 98), row(H0, 10 * MS, 1, 1), row(H0 + 2 * MINUTE_US, 500 * MS, 3)],
      WINDOW,
      NOW,
    );
    expect(series).toEqual([
      {
        timeUs: H0,
        calls: 99,
        errors: 1,
        ratePerS: 99 / 60,
        errorRate: 1 / 99,
        p50Us: top(10 * MS),
        p95Us: top(10 * MS),
        p99Us: top(10 * MS),
      },
      {
        timeUs: H0 + MINUTE_US,
        calls: 0,
        errors: 0,
        ratePerS: 0,
        errorRate: null,
        p50Us: null,
        p95Us: null,
        p99Us: null,
      },
      // Half of the last minute has passed: its rate is over 30 s.
      expect.objectContaining({ timeUs: H0 + 2 * MINUTE_US, calls: 3, ratePerS: 3 / 30 }),
    ]);
  });

  it("counts a step cut by the window's start over the part inside it", () => {
    const window: StepWindow = { ...WINDOW, stepUs: 5 * MINUTE_US, fromUs: H0 + 3 * MINUTE_US };
    const [point] = seriesOf([row(H0, MS, 120)], { ...window, toUs: H0 + 5 * MINUTE_US }, H0 + HOUR_US);
    expect(point).toMatchObject({ timeUs: H0, calls: 120, ratePerS: 1 });
  });

  it("leaves out rows of steps outside the window", () => {
    const series = seriesOf([row(H0 - MINUTE_US, MS, 9)], WINDOW, NOW);
    expect(series.every((point) => point.calls === 0)).toBe(true);
  });
});

describe("redOf and windowRed", () => {
  it("read p50, p95 and p99 from where the calls fall among the buckets", () => {
    const numbers = redOf([row(H0, 1 * MS, 90), row(H0, 20 * MS, 8), row(H0, 300 * MS, 2, 2)], 100);
    expect(numbers).toEqual({
      calls: 100,
      errors: 2,
      ratePerS: 1,
      errorRate: 0.02,
      p50Us: top(1 * MS),
      p95Us: top(20 * MS),
      p99Us: top(300 * MS),
    });
  });

  it("rate a window over the part of it that has passed", () => {
    expect(windowRed([row(H0, MS, 150)], WINDOW, NOW).ratePerS).toBe(1);
    expect(windowRed([row(H0, MS, 180)], WINDOW, H0 + HOUR_US).ratePerS).toBe(1);
  });

  it("keep an error rate within 0..1 whatever the rows say", () => {
    expect(redOf([row(H0, MS, 2, 5)], 1).errorRate).toBe(1);
  });

  it("answer null for what no calls cannot say", () => {
    expect(redOf([], 60)).toEqual({
      calls: 0,
      errors: 0,
      ratePerS: 0,
      errorRate: null,
      p50Us: null,
      p95Us: null,
      p99Us: null,
    });
  });
});
