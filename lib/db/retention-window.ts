import { DAY_US, floorMinuteUs } from "../time/hours";

/**
 * What retention keeps, as one boundary for everything stored (lib/db/retention.ts applies it):
 *
 *               cutoff = now − retention                        now
 *                          │                                     │
 *   expired   ┌────────────┼──────────┬── … ──┬──────────────────┼─┬───────────┬───────────┐ past the
 *             │    the cutoff's day   │       │       today        │  today+1  │  today+2  │ horizon
 *             └───────────────────────┴── … ──┴────────────────────┴───────────┴───────────┘
 *         keepFromUs           daily partitions of `spans`, kept and prepared           horizonUs
 *
 * keepFromUs is the start of the UTC day holding the cutoff, so that whole partitions are dropped:
 * data is kept for at least the retention and at most a day more. A trace is expired when it
 * started (its earliest span, `traces.start_us`) before keepFromUs, and so are the hourly aggregates
 * of the hours before it. horizonUs is the end of the last prepared partition, two to three days
 * ahead of now: ingest refuses spans dated more than TRACELIGHT_MAX_CLOCK_AHEAD (a day) ahead, so
 * what lies past it was stored before that bound existed.
 */

/**
 * How long the minute histograms are kept (TRACELIGHT_MINUTE_RETENTION), unless told: a day of
 * minutes is what the live views read; the hours stay as long as traces.
 */
export const DEFAULT_MINUTE_RETENTION_US = DAY_US;

/** Partitions are prepared for today and this many days after it. */
const DAYS_AHEAD = 2;

export interface RetentionWindow {
  keepFromUs: number;
  /** The first minute whose histograms are kept: never before keepFromUs. */
  keepMinutesFromUs: number;
  horizonUs: number;
  /** The days to keep a partition for, each as whole days since the epoch (UTC). */
  days: number[];
}

export function retentionWindow(
  retentionUs: number,
  nowUs: number,
  minuteRetentionUs = DEFAULT_MINUTE_RETENTION_US,
): RetentionWindow {
  const firstDay = Math.floor((nowUs - retentionUs) / DAY_US);
  const lastDay = Math.floor(nowUs / DAY_US) + DAYS_AHEAD;
  return {
    keepFromUs: firstDay * DAY_US,
    keepMinutesFromUs: Math.max(firstDay * DAY_US, floorMinuteUs(nowUs - minuteRetentionUs)),
    horizonUs: (lastDay + 1) * DAY_US,
    days: Array.from({ length: lastDay - firstDay + 1 }, (_, i) => firstDay + i),
  };
}

/** spans_d20261122: sorts by date, so "a day before the first kept one" is a string comparison. */
export function partitionName(day: number): string {
  return `spans_d${new Date((day * DAY_US) / 1000).toISOString().slice(0, 10).replaceAll("-", "")}`;
}

/** Whether a partition of `spans` is a daily one retention manages, as partitionName names them. */
export function isDailyPartition(name: string): boolean {
  return /^spans_d\d{8}$/.test(name);
}
