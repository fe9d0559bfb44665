import { line, scaleLinear } from "d3";
import type { MetricsPoint } from "./red";

/**
 * The geometry of the services page's small charts and sparklines: one or more series over the same
 * steps (a minute to an hour each), drawn as lines from a zero baseline. Pixels throughout, (0, 0)
 * the SVG's top left. A null value (a step without calls has no error rate or latency) is a gap in
 * its line.
 */
export interface ChartSize {
  width: number;
  height: number;
}

export interface ChartLine {
  /** SVG path data; empty when the series has no values. */
  path: string;
  /** Values with no value beside them, which a line cannot show: drawn as dots. */
  dots: { x: number; y: number }[];
}

/** A step's share of the plot's width, for hovering it. */
export interface ChartColumn {
  timeUs: number;
  x: number;
  width: number;
}

export interface ChartLayout {
  lines: ChartLine[];
  columns: ChartColumn[];
  /** The value at the plot's top: the largest value, or `minTop` when all are smaller (1 if both are 0). */
  top: number;
}

/** Room for the lines' width and the dots at the edges. */
const PAD_PX = 3;

/**
 * Lays out `series` (each one value per step of `timesUs`, oldest first) in `size`. The y axis runs
 * from 0 to the largest value, at least `minTop`, so that a flat 0.1% error rate is not drawn at the
 * height of a 100% one. A single step sits in the middle.
 */
export function chartLayout(
  timesUs: readonly number[],
  series: readonly (readonly (number | null)[])[],
  size: ChartSize,
  minTop = 0,
): ChartLayout {
  // An element not laid out yet measures 0 or NaN: nothing to draw in, but no NaN drawn either.
  const width = Math.max(size.width, 0) || 0;
  const height = Math.max(size.height, 0) || 0;
  const left = PAD_PX;
  const right = Math.max(left, width - PAD_PX);
  const n = timesUs.length;
  const x = (i: number) => (n <= 1 ? (left + right) / 2 : left + ((right - left) * i) / (n - 1));
  let largest = 0;
  for (const values of series)
    for (const value of values) if (isValue(value)) largest = Math.max(largest, value);
  const top = (Number.isFinite(minTop) ? Math.max(largest, minTop) : largest) || 1;
  // Clamped: a value below the zero baseline (none is) would be drawn past the chart's edge.
  const y = scaleLinear()
    .domain([0, top])
    .range([Math.max(PAD_PX, height - PAD_PX), PAD_PX])
    .clamp(true);
  const path = line<number | null>()
    .defined(isValue)
    .x((_, i) => x(i))
    .y((value) => y(value ?? 0));
  const lines = series.map((values) => ({
    path: path(values.slice(0, n)) ?? "",
    dots: values
      .slice(0, n)
      .flatMap((value, i) =>
        isValue(value) && !isValue(values[i - 1] ?? null) && !isValue(values[i + 1] ?? null)
          ? [{ x: x(i), y: y(value) }]
          : [],
      ),
  }));
  const step = n <= 1 ? right - left : (right - left) / (n - 1);
  const columns = timesUs.map((timeUs, i) => {
    const from = Math.max(0, x(i) - step / 2);
    return { timeUs, x: from, width: Math.max(0, Math.min(width, x(i) + step / 2) - from) };
  });
  return { lines, columns, top };
}

/** A value a chart can draw: not null, and finite (no stored count makes anything else). */
function isValue(value: number | null): value is number {
  return value !== null && Number.isFinite(value);
}

const UNITS: [seconds: number, unit: string][] = [
  [1, "s"],
  [60, "min"],
  [3600, "h"],
];

/** "12.5/s", "3/min", "2/h", "0/s": per second, or per minute or hour when under one a second. */
export function formatRatePerS(ratePerS: number): string {
  if (!(ratePerS > 0 && Number.isFinite(ratePerS))) return "0/s";
  // No rate is anywhere near 2^53 a second; capped there, rounding to 3 figures stays finite.
  const rate = Math.min(ratePerS, Number.MAX_SAFE_INTEGER);
  const [seconds, unit] =
    UNITS.find(([seconds]) => rate * seconds >= 1) ?? (UNITS.at(-1) as [number, string]);
  return `${Number((rate * seconds).toPrecision(3))}/${unit}`;
}

/** "2026-11-22 10:05 UTC": the step a point stands for, by its start (a whole minute or hour). */
export function formatPointTimeUs(timeUs: number): string {
  const iso = new Date(Math.floor(timeUs / 1000)).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** A series' points as the values its charts draw, one array per measure. */
export function chartValues(points: readonly MetricsPoint[]) {
  return {
    timesUs: points.map((point) => point.timeUs),
    ratePerS: points.map((point) => point.ratePerS),
    errorRate: points.map((point) => point.errorRate),
    p50Us: points.map((point) => point.p50Us),
    p95Us: points.map((point) => point.p95Us),
    p99Us: points.map((point) => point.p99Us),
  };
}
