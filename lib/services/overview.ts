import type { ServiceMetricsPage } from "../api/service-metrics";
import { HOUR_US, MINUTE_US } from "../time/hours";
import { formatPointTimeUs } from "./red-chart";

/**
 * The services page's overview: how each number moved since the period of the same length just
 * before the window, the page's headline totals, and how the page says what grain it was read at.
 */

/** Which way a measure gets worse; a rate is neither (more traffic, or less, may be either). */
export type WorseWhen = "up" | "down" | "neither";

export interface Change {
  /** "▲ 35%", "▼ 2.1 pts", "≈", "new"; "" when there is nothing to compare. */
  text: string;
  direction: "up" | "down" | "flat" | "new" | "none";
  /** Whether the move is the bad way by enough to colour; false for a rate. */
  worse: boolean;
  /** Whether the move is the good way by enough to colour. */
  better: boolean;
}

/** Below these, a move is shown as "≈": too small to draw the eye to. */
const FLAT_RELATIVE = 0.05;
const FLAT_POINTS = 0.001;

/**
 * How `current` moved from `previous`: relatively ("▲ 35%", "▲ 12×" from ten times on) or, for a
 * share such as the error rate, in percentage points ("▲ 2.1 pts": from 1% to 2% is a doubling, but
 * one an on-call engineer reads as one point). Null is "no calls, so no value": nothing now is
 * nothing to compare; nothing before is "new".
 */
export function changeOf(
  current: number | null,
  previous: number | null,
  worseWhen: WorseWhen,
  as: "relative" | "points" = "relative",
): Change {
  const none: Change = { text: "", direction: "none", worse: false, better: false };
  if (current === null || !Number.isFinite(current)) return none;
  if (previous === null || !Number.isFinite(previous)) return { ...none, text: "new", direction: "new" };
  if (as === "relative" && previous === 0) {
    return current === 0
      ? { ...none, text: "≈", direction: "flat" }
      : { ...none, text: "new", direction: "new" };
  }
  const moved = as === "points" ? current - previous : (current - previous) / previous;
  if (Math.abs(moved) < (as === "points" ? FLAT_POINTS : FLAT_RELATIVE)) {
    return { ...none, text: "≈", direction: "flat" };
  }
  const direction = moved > 0 ? "up" : "down";
  const arrow = direction === "up" ? "▲" : "▼";
  const size =
    as === "points"
      ? `${Number((Math.abs(moved) * 100).toFixed(1))} pts`
      : moved >= 9
        ? `${Math.round(current / previous)}×`
        : `${Math.round(Math.abs(moved) * 100)}%`;
  const bad = worseWhen !== "neither" && direction === worseWhen;
  return { text: `${arrow} ${size}`, direction, worse: bad, better: worseWhen !== "neither" && !bad };
}

/** "1m", "15m", "1h", "1d": a step as the step selector names it. */
export function formatStepUs(stepUs: number): string {
  if (stepUs >= 24 * HOUR_US && stepUs % (24 * HOUR_US) === 0) return `${stepUs / (24 * HOUR_US)}d`;
  if (stepUs >= HOUR_US && stepUs % HOUR_US === 0) return `${stepUs / HOUR_US}h`;
  if (stepUs >= MINUTE_US && stepUs % MINUTE_US === 0) return `${stepUs / MINUTE_US}m`;
  return `${Math.round(stepUs / 1_000_000)}s`;
}

/**
 * "every 1m, from the per-minute histograms"; "every 1h, from the hourly histograms: whole UTC hours
 * from 2026-11-22 10:00 UTC" (the hourly grain widens the window to the hours it overlaps).
 */
export function describeGrain(page: Pick<ServiceMetricsPage, "stepUs" | "grain" | "startUs">): string {
  const step = `every ${formatStepUs(page.stepUs)}`;
  if (page.grain === "minute") return `${step}, from the per-minute histograms`;
  return `${step}, from the hourly histograms: whole UTC hours from ${formatPointTimeUs(page.startUs)}`;
}

/** "12:03:04", the browser's local time: when the numbers on screen were read. */
export function formatClockMs(ms: number): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return "";
  return [date.getHours(), date.getMinutes(), date.getSeconds()]
    .map((part) => String(part).padStart(2, "0"))
    .join(":");
}
