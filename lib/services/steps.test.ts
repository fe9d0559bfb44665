import { describe, expect, it } from "vitest";
import { DAY_US, HOUR_US, MINUTE_US } from "../time/hours";
import { coveredSeconds, MAX_POINTS, pointTimes, stepWindow } from "./steps";

/** 2026-11-22 09:00 UTC. */
const H0 = 498_705 * HOUR_US;
const KEPT = H0 - DAY_US;

describe("stepWindow", () => {
  it.each([
    { lookback: HOUR_US, step: MINUTE_US },
    { lookback: 6 * HOUR_US, step: 5 * MINUTE_US },
    { lookback: 12 * HOUR_US, step: 15 * MINUTE_US },
    { lookback: DAY_US - MINUTE_US, step: 15 * MINUTE_US },
  ])("chooses $step µs for a window of $lookback µs within the minutes", ({ lookback, step }) => {
    expect(stepWindow(H0 - lookback, H0, KEPT)).toMatchObject({ grain: "minute", stepUs: step });
  });

  it("rounds a window to whole minutes, the last one included", () => {
    expect(stepWindow(H0 + 90e6, H0 + 150e6, KEPT)).toEqual({
      grain: "minute",
      stepUs: MINUTE_US,
      fromUs: H0 + MINUTE_US,
      toUs: H0 + 3 * MINUTE_US,
    });
  });

  it("reads a window reaching past the minutes by whole hours, with a step of hours", () => {
    const window = stepWindow(KEPT - 1, H0 + 1, KEPT);
    expect(window).toEqual({ grain: "hour", stepUs: HOUR_US, fromUs: KEPT - HOUR_US, toUs: H0 + HOUR_US });
    expect(stepWindow(H0 - 30 * DAY_US, H0, KEPT)).toMatchObject({ stepUs: 12 * HOUR_US });
  });

  it("keeps a step asked for", () => {
    expect(stepWindow(H0 - HOUR_US, H0, KEPT, 5 * MINUTE_US)).toMatchObject({ stepUs: 5 * MINUTE_US });
    expect(stepWindow(H0 - DAY_US * 2, H0, KEPT, DAY_US)).toMatchObject({ stepUs: DAY_US });
  });

  it.each([
    { step: 90e6, says: "whole number of minutes" },
    { step: 90 * MINUTE_US, says: "whole minutes under an hour, or whole hours" },
    { step: 0, says: "whole number of minutes" },
  ])("refuses a step of $step µs", ({ step, says }) => {
    expect(stepWindow(H0 - HOUR_US, H0, KEPT, step)).toContain(says);
  });

  it("refuses a step under an hour where only hours are kept", () => {
    expect(stepWindow(KEPT - HOUR_US, H0, KEPT, 5 * MINUTE_US)).toContain("ask for 1h or more");
  });

  it("refuses more than MAX_POINTS points", () => {
    expect(stepWindow(H0 - 2 * DAY_US, H0, H0 - 3 * DAY_US, MINUTE_US)).toContain(`more than ${MAX_POINTS}`);
  });
});

describe("pointTimes and coveredSeconds", () => {
  const window = {
    grain: "minute" as const,
    stepUs: 5 * MINUTE_US,
    fromUs: H0 + MINUTE_US,
    toUs: H0 + 11 * MINUTE_US,
  };

  it("list every step the window overlaps, aligned to the step", () => {
    expect(pointTimes(window)).toEqual([H0, H0 + 5 * MINUTE_US, H0 + 10 * MINUTE_US]);
  });

  it("count a step over its part inside the window that has passed", () => {
    const now = H0 + 10 * MINUTE_US + 30e6;
    expect(coveredSeconds(window, H0, now)).toBe(240);
    expect(coveredSeconds(window, H0 + 5 * MINUTE_US, now)).toBe(300);
    expect(coveredSeconds(window, H0 + 10 * MINUTE_US, now)).toBe(30);
    expect(coveredSeconds(window, H0 + 10 * MINUTE_US, H0 + 10 * MINUTE_US)).toBe(1);
  });

  it("count a step wholly in the future over its whole part inside the window", () => {
    expect(coveredSeconds(window, H0 + 10 * MINUTE_US, H0)).toBe(60);
  });
});
