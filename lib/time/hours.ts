import { MAX_TIME_US } from "../model/span";

/**
 * Whole microseconds since the epoch, UTC, as every span and stored row has them, and the UTC hours
 * the aggregates are kept by: `operation_latency` and `dependency_links` hold one row per hour's
 * start (and bucket), so a window reads the whole hours it overlaps:
 *
 *   window        |------------------|
 *   hours     |  h0   |  h1   |  h2   |       h0, h1 and h2: start − 1h < h ≤ end
 */
export const SECOND_US = 1_000_000;
export const MINUTE_US = 60 * SECOND_US;
export const HOUR_US = 60 * MINUTE_US;
export const DAY_US = 24 * HOUR_US;

/** The start of the minute holding `us`. */
export function floorMinuteUs(us: number): number {
  return Math.floor(us / MINUTE_US) * MINUTE_US;
}

/** The start of the UTC hour holding `us`. */
export function floorHourUs(us: number): number {
  return Math.floor(us / HOUR_US) * HOUR_US;
}

/**
 * The hours a window overlaps as bounds on an hour's start, for the stored rows' `hour_us`: an hour
 * h is one of them when afterUs < h ≤ lastUs. A range the tables' keys read in order; the same hours
 * as windowHoursUs lists, before its cap.
 */
export function overlappedHoursUs(startUs: number, endUs: number): [afterUs: number, lastUs: number] {
  return [Math.floor(startUs) - HOUR_US, Math.floor(endUs)];
}

/**
 * The most hours one answer has a point for: a year's. A wider window keeps its most recent year,
 * as a search keeps the most recent part of its window (lib/search/params.ts).
 */
export const MAX_WINDOW_HOURS = 366 * 24;

/**
 * The start of every UTC hour that overlaps [startUs, endUs], oldest first, within the times a
 * span can start at (0 to MAX_TIME_US), at most MAX_WINDOW_HOURS of them.
 */
export function windowHoursUs(startUs: number, endUs: number): number[] {
  const lastUs = floorHourUs(Math.min(endUs, MAX_TIME_US));
  const firstUs = Math.max(floorHourUs(Math.max(startUs, 0)), lastUs - (MAX_WINDOW_HOURS - 1) * HOUR_US);
  // Counted, not stepped until past the end: the count is bounded whatever the window (or NaN).
  const count = (lastUs - firstUs) / HOUR_US + 1;
  return count >= 1 ? Array.from({ length: count }, (_, i) => firstUs + i * HOUR_US) : [];
}
