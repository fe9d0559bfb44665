import type { z } from "zod";
import type { metricsPointSchema, operationMetricsSchema, RedNumbers } from "../api/service-metrics";
import { type LatencyCounts, percentileUs } from "./histogram";
import { coveredSeconds, pointTimes, type StepWindow } from "./steps";

/**
 * RED metrics (rate, errors, duration) from latency histogram rows at a step (lib/db/operation-series.ts):
 * a stretch's numbers, and a series with a point per step of the window. Percentiles are read as
 * their bucket's upper bound (lib/services/histogram.ts): at most one bucket (~9%) above the true
 * value. Rates are per second over the part of each stretch that has passed (lib/services/steps.ts).
 */

/** A histogram row: calls of one step and latency bucket. */
export interface CountRow {
  timeUs: number;
  bucket: number;
  count: number;
  errors: number;
}

// What a page of metrics holds is z.infer of lib/api/service-metrics.ts's schemas, which the browser
// checks, so what is built here is what the browser reads.
export type MetricsPoint = z.infer<typeof metricsPointSchema>;
export type OperationMetrics = z.infer<typeof operationMetricsSchema>;

/** The numbers of rows counted over `seconds`; the rows' times are not looked at. */
export function redOf(rows: Iterable<CountRow>, seconds: number): RedNumbers {
  let calls = 0;
  let errors = 0;
  const buckets = new Map<number, number>();
  for (const row of rows) {
    if (!(row.count > 0)) continue;
    calls += row.count;
    errors += row.errors;
    buckets.set(row.bucket, (buckets.get(row.bucket) ?? 0) + row.count);
  }
  if (calls === 0) return { ...quietNumbers(), ratePerS: 0 };
  const counts: LatencyCounts = [...buckets].sort((a, b) => a[0] - b[0]);
  return {
    calls,
    errors,
    ratePerS: calls / seconds,
    // Within 0..1 whatever the rows say: an errors column is only ever as right as what wrote it.
    errorRate: Math.min(1, Math.max(0, errors / calls)),
    p50Us: percentileUs(counts, 0.5) ?? null,
    p95Us: percentileUs(counts, 0.95) ?? null,
    p99Us: percentileUs(counts, 0.99) ?? null,
  };
}

/** The numbers of the whole window: its rows over the part of it that has passed. */
export function windowRed(rows: Iterable<CountRow>, window: StepWindow, nowUs: number): RedNumbers {
  const whole: StepWindow = { ...window, stepUs: window.toUs - window.fromUs };
  return redOf(rows, coveredSeconds(whole, window.fromUs, nowUs));
}

/** A point per step of the window, oldest first; rows of other steps are left out. O(rows + points). */
export function seriesOf(rows: readonly CountRow[], window: StepWindow, nowUs: number): MetricsPoint[] {
  const byTime = new Map<number, CountRow[]>();
  for (const row of rows) {
    const step = byTime.get(row.timeUs);
    if (step) step.push(row);
    else byTime.set(row.timeUs, [row]);
  }
  return pointTimes(window).map((timeUs) => {
    const step = byTime.get(timeUs);
    return step ? { timeUs, ...redOf(step, coveredSeconds(window, timeUs, nowUs)) } : quietPoint(timeUs);
  });
}

/** The point of a step without calls: nothing to rate, and null for what 0 calls cannot say. */
export function quietPoint(timeUs: number): MetricsPoint {
  return { timeUs, ...quietNumbers(), ratePerS: 0 };
}

function quietNumbers(): RedNumbers {
  return { calls: 0, errors: 0, ratePerS: 0, errorRate: null, p50Us: null, p95Us: null, p99Us: null };
}

/** Rows grouped by a key, in first-seen order. */
export function groupRows<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
