import { scaleSqrt } from "d3";
import { groupedCountOf } from "../format/count";
import { formatDurationUs } from "../format/duration";

/**
 * How an edge of the dependency graph looks: as wide as its traffic, as red as its failures.
 */
export type ErrorLevel = "ok" | "warn" | "error";

/**
 * The error rates at which an edge turns amber, then red. 1% is where a 99% availability target
 * (the commonest SLO between services) is missed: worth a look. 5% is a dependency that is visibly
 * failing its callers — retries and user-facing errors follow.
 */
export const ERROR_RATE_THRESHOLDS = { warn: 0.01, error: 0.05 } as const;

/** Green, amber, red: Tailwind's green-600, amber-500 and red-600, legible on light and dark. */
export const ERROR_LEVEL_COLORS: Record<ErrorLevel, string> = {
  ok: "#16a34a",
  warn: "#f59e0b",
  error: "#dc2626",
};

export const ERROR_LEVEL_LABELS: Record<ErrorLevel, string> = {
  ok: "under 1% errors",
  warn: "1–5% errors",
  error: "5% errors or more",
};

const MIN_STROKE_PX = 1.25;
const MAX_STROKE_PX = 6;

/** Errors per call, 0..1; 0 for a link without calls (the API sends none, but 0/0 is not a colour). */
export function errorRate(errors: number, calls: number): number {
  return calls > 0 ? Math.min(1, Math.max(0, errors / calls)) : 0;
}

export function errorLevel(rate: number): ErrorLevel {
  if (rate >= ERROR_RATE_THRESHOLDS.error) return "error";
  if (rate >= ERROR_RATE_THRESHOLDS.warn) return "warn";
  return "ok";
}

/**
 * Stroke width in px by calls, for a graph whose busiest link has `maxCalls`: the square root, so
 * that a link with 100 times the calls is 10 times as wide rather than a wall, clamped so a single
 * call stays visible and the busiest does not hide its neighbours.
 */
export function strokeWidthScale(maxCalls: number): (calls: number) => number {
  const scale = scaleSqrt()
    .domain([1, Math.max(2, maxCalls)])
    .range([MIN_STROKE_PX, MAX_STROKE_PX])
    .clamp(true);
  return (calls) => scale(calls);
}

/** "0%", "0.04%", "2.5%", "33.3%", "100%": enough digits to tell a rare error from none. */
export function formatErrorRate(rate: number): string {
  if (rate === 0) return "0%";
  const percent = rate * 100;
  return `${Number(percent < 0.1 ? percent.toPrecision(1) : percent.toFixed(1))}%`;
}

/** "3 calls, 1 error (33.3%)": what a link or a node carries. */
export function describeCalls({ calls, errors }: { calls: number; errors: number }): string {
  return `${groupedCountOf(calls, "call")}, ${groupedCountOf(errors, "error")} (${formatErrorRate(errorRate(errors, calls))})`;
}

/** "p50 1.2ms · p95 4ms · p99 12ms" */
export function describeLatency({
  p50Us,
  p95Us,
  p99Us,
}: {
  p50Us: number;
  p95Us: number;
  p99Us: number;
}): string {
  return `p50 ${formatDurationUs(p50Us)} · p95 ${formatDurationUs(p95Us)} · p99 ${formatDurationUs(p99Us)}`;
}
