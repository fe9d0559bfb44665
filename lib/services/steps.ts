import { MAX_TIME_US } from "../model/span";
import { HOUR_US, MINUTE_US } from "../time/hours";

/**
 * The grain of RED series. Counts are kept per minute for TRACELIGHT_MINUTE_RETENTION and per hour
 * as long as traces (lib/db/fold-counts.ts), so a series' step is whole minutes under an hour, read
 * from the minutes while the window is within them, or whole hours, read from the hours (the
 * minutes at the window's ragged ends while they are kept). A window reaching back past the minutes
 * is read per hour, widened to the whole hours it overlaps.
 *
 *   window                 |-----------------------------|
 *   minute grain          [m|m|m|    h    |    h    |m|m|m]      edges by minute, whole hours by hour
 *   hour grain         [   h    |    h    |    h    |    h    ]   widened to whole hours
 */
export type Grain = "minute" | "hour";

/** The steps chosen when none is asked for: the smallest that gives at most TARGET_POINTS. */
const AUTO_STEPS_US = [1, 5, 15, 60, 180, 360, 720, 1440].map((minutes) => minutes * MINUTE_US);
const TARGET_POINTS = 120;
/** The most points one series may have: a day of minutes. */
export const MAX_POINTS = 1440;

export interface StepWindow {
  grain: Grain;
  stepUs: number;
  /** The window rounded to the grain: [fromUs, toUs). */
  fromUs: number;
  toUs: number;
}

/**
 * The step and grain for a window [startUs, endUs]; `minutesFromUs` is the first minute whose
 * histograms are surely kept; times outside those a span can start at (0 to MAX_TIME_US) read as the
 * nearest. `stepUs` as asked for, or chosen when undefined. Answers the
 * refusal's words when the step cannot be served: not whole minutes, not whole hours past an hour,
 * too many points, or finer than an hour where only hours are kept.
 */
export function stepWindow(
  startUs: number,
  endUs: number,
  minutesFromUs: number,
  stepUs?: number,
): StepWindow | string {
  startUs = clampTime(startUs);
  endUs = Math.max(startUs, clampTime(endUs));
  const grain: Grain = startUs >= minutesFromUs ? "minute" : "hour";
  const unit = grain === "minute" ? MINUTE_US : HOUR_US;
  const fromUs = Math.floor(startUs / unit) * unit;
  const toUs = Math.floor(endUs / unit) * unit + unit;
  const step = stepUs ?? chooseStep(toUs - fromUs, grain);
  if (!Number.isSafeInteger(step) || step <= 0 || step % MINUTE_US !== 0) {
    return "expected a whole number of minutes, such as 1m, 5m or 1h";
  }
  if (step >= HOUR_US && step % HOUR_US !== 0) return "expected whole minutes under an hour, or whole hours";
  if (step < HOUR_US && grain === "hour") {
    return `steps under an hour need the per-minute counts, kept for TRACELIGHT_MINUTE_RETENTION; this window starts before them: ask for 1h or more`;
  }
  const points = Math.ceil((toUs - Math.floor(fromUs / step) * step) / step);
  if (points > MAX_POINTS) {
    return `this window at that step has ${points} points, more than ${MAX_POINTS}: ask for a longer step`;
  }
  return { grain, stepUs: step, fromUs, toUs };
}

function clampTime(us: number): number {
  return Number.isNaN(us) ? 0 : Math.min(Math.max(us, 0), MAX_TIME_US);
}

function chooseStep(widthUs: number, grain: Grain): number {
  const steps = grain === "minute" ? AUTO_STEPS_US : AUTO_STEPS_US.filter((step) => step >= HOUR_US);
  return (
    steps.find((step) => widthUs / step <= TARGET_POINTS) ??
    Math.ceil(widthUs / MAX_POINTS / HOUR_US) * HOUR_US
  );
}

/** The whole hours [startUs, endUs] overlaps, at a step of an hour: what an hourly read covers. */
export function hourWindow(startUs: number, endUs: number): StepWindow {
  const fromUs = Math.floor(clampTime(startUs) / HOUR_US) * HOUR_US;
  const toUs = Math.floor(Math.max(clampTime(endUs), fromUs) / HOUR_US) * HOUR_US + HOUR_US;
  return { grain: "hour", stepUs: HOUR_US, fromUs, toUs };
}

/** The start of every step the window overlaps, oldest first: multiples of the step. */
export function pointTimes({ stepUs, fromUs, toUs }: StepWindow): number[] {
  const first = Math.floor(fromUs / stepUs) * stepUs;
  return Array.from({ length: Math.ceil((toUs - first) / stepUs) }, (_, i) => first + i * stepUs);
}

/**
 * The seconds of the step starting at `timeUs` its calls were counted over: the part inside the
 * window that has passed by `nowUs`, at least a second; a whole step for one wholly in the future,
 * whose calls only clocks ahead of ours can have stamped.
 */
export function coveredSeconds({ stepUs, fromUs, toUs }: StepWindow, timeUs: number, nowUs: number): number {
  const start = Math.max(timeUs, fromUs);
  const end = Math.min(timeUs + stepUs, toUs);
  if (start > nowUs) return (end - start) / 1e6;
  return Math.max(1e6, Math.min(end, nowUs) - start) / 1e6;
}
