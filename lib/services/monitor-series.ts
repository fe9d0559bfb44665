import { HOUR_US, MINUTE_US } from "../time/hours";
import { LAST_BUCKET, percentileUs } from "./histogram";

/**
 * Rates over time for Jaeger's Monitor tab (lib/http/jaeger-metrics-api.ts): call rate, error rate
 * and a latency quantile per service (or per service and operation), one point per step, from the
 * counts lib/db keeps per minute or hour ("grain") and latency bucket.
 *
 * Jaeger reads these from Prometheus, `rate(calls[ratePer])` evaluated every `step`: a point at t
 * sums what happened in the `ratePer` before t. Here the same sum is taken over grains, a grain
 * counting toward the point at t when it starts in [t − W, t), W being `ratePer` rounded up to whole
 * grains (at least one):
 *
 *   grains   |  m0  |  m1  |  m2  |  m3  |  m4  |        W = 3 grains
 *   point t                          ^ t (inside m3)
 *   counted        |  m1  |  m2  |  m3  |                 m3 still filling when t is now
 *
 * so every point sums exactly W of grains, the newest possibly still filling (a point at "now"
 * includes the current minute, slightly low, as Prometheus's scrape lag makes its newest point).
 *
 * - call rate: calls in the window / W in seconds, 0 where there were none (a live series in
 *   Prometheus rates 0 where nothing happened);
 * - error rate: errors / calls in the window, 0..1;
 * - latency: the quantile of the window's merged histogram (histogram.ts percentileUs: the bucket's
 *   upper bound, where Prometheus's histogram_quantile interpolates), in ms.
 * Where a window holds no calls, error rate and latency are undefined: Prometheus and Jaeger's other
 * stores answer NaN there, which Jaeger UI draws as a gap; those points are left out.
 *
 * A series is a service (operation null) or an operation with at least one call in some point's
 * window. Work is O(rows + series × points × buckets in use).
 */

/** One grain's counts of one latency bucket, as lib/db reads them (its SeriesRow). */
export interface GrainCountRow {
  service: string;
  operation: string | null;
  /** The grain's start, epoch-aligned. */
  timeUs: number;
  bucket: number;
  count: number;
  errors: number;
}

export type MonitorMeasure = { kind: "calls" } | { kind: "errors" } | { kind: "latency"; quantile: number };

/** Points at endUs − lookbackUs + k·stepUs up to endUs, each over the ratePerUs before it. */
export interface MonitorWindow {
  endUs: number;
  lookbackUs: number;
  stepUs: number;
  ratePerUs: number;
}

export interface MonitorPoint {
  timeUs: number;
  value: number;
}

export interface MonitorSeries {
  service: string;
  operation: string | null;
  points: MonitorPoint[];
}

/**
 * The grain to read: hours when both the step and the rate window are whole hours or more;
 * otherwise minutes while at least half the points' windows lie within the minutes kept (from
 * `minutesFromUs`; the points before them are left out, see monitorSeries), and hours past that.
 * Over hours, a point's window is whole hours: the chart becomes a staircase, but spans the window.
 */
export function grainUs(window: MonitorWindow, minutesFromUs: number): number {
  if (window.stepUs >= HOUR_US && window.ratePerUs >= HOUR_US) return HOUR_US;
  const middleUs = window.endUs - window.lookbackUs / 2;
  return middleUs - rateWindowUs(window, MINUTE_US) >= minutesFromUs ? MINUTE_US : HOUR_US;
}

/** The rate window: ratePer rounded up to whole grains, at least one. */
export function rateWindowUs(window: MonitorWindow, grain: number): number {
  return Math.max(1, Math.ceil(window.ratePerUs / grain)) * grain;
}

export function pointTimesUs(window: MonitorWindow): number[] {
  const times: number[] = [];
  for (let t = window.endUs - window.lookbackUs; t <= window.endUs; t += window.stepUs) times.push(t);
  return times;
}

/** The grains whose counts the points need: [startUs, endUs), startUs grain-aligned. */
export function grainsToRead(window: MonitorWindow, grain: number): { startUs: number; endUs: number } {
  const firstUs = window.endUs - window.lookbackUs - rateWindowUs(window, grain);
  return { startUs: Math.floor(firstUs / grain) * grain, endUs: window.endUs };
}

interface Grain {
  timeUs: number;
  calls: number;
  errors: number;
  buckets: [bucket: number, count: number][];
}

/**
 * The series of these rows. `completeFromUs`: the first time the rows are complete from (the first
 * minute kept); a point whose window starts before it would be understated, so is left out.
 */
export function monitorSeries(
  rows: readonly GrainCountRow[],
  window: MonitorWindow,
  grain: number,
  measure: MonitorMeasure,
  completeFromUs = Number.NEGATIVE_INFINITY,
): MonitorSeries[] {
  const widthUs = rateWindowUs(window, grain);
  // The first grain a point counts is the first starting at or after t − W.
  const times = pointTimesUs(window).filter(
    (t) => Math.ceil((t - widthUs) / grain) * grain >= completeFromUs,
  );
  const series: MonitorSeries[] = [];
  for (const { service, operation, grains } of groupBySeries(rows)) {
    const points = seriesPoints(grains, times, widthUs, measure);
    if (points !== undefined) series.push({ service, operation, points });
  }
  return series.sort(
    (a, b) => compare(a.service, b.service) || compare(a.operation ?? "", b.operation ?? ""),
  );
}

interface SeriesGrains {
  service: string;
  operation: string | null;
  grains: Grain[];
}

/** Each series' grains, in time order. */
function groupBySeries(rows: readonly GrainCountRow[]): SeriesGrains[] {
  const byKey = new Map<string, { series: SeriesGrains; byTime: Map<number, Grain> }>();
  for (const row of rows) {
    if (row.count <= 0) continue;
    const key = `${row.service}\u0000${row.operation ?? "\u0000"}`;
    let entry = byKey.get(key);
    if (entry === undefined) {
      entry = { series: { service: row.service, operation: row.operation, grains: [] }, byTime: new Map() };
      byKey.set(key, entry);
    }
    let grain = entry.byTime.get(row.timeUs);
    if (grain === undefined) {
      grain = { timeUs: row.timeUs, calls: 0, errors: 0, buckets: [] };
      entry.byTime.set(row.timeUs, grain);
      entry.series.grains.push(grain);
    }
    grain.calls += row.count;
    grain.errors += row.errors;
    grain.buckets.push([row.bucket, row.count]);
  }
  return Array.from(byKey.values(), ({ series }) => {
    series.grains.sort((a, b) => a.timeUs - b.timeUs);
    return series;
  });
}

/**
 * The points of one series: a window sliding over its grains, entering at the front and leaving
 * at the back as t grows; undefined when no window holds a call.
 */
function seriesPoints(
  grains: readonly Grain[],
  times: readonly number[],
  widthUs: number,
  measure: MonitorMeasure,
): MonitorPoint[] | undefined {
  const histogram = measure.kind === "latency" ? new WindowHistogram() : undefined;
  const points: MonitorPoint[] = [];
  let anyCalls = false;
  let front = 0;
  let back = 0;
  let calls = 0;
  let errors = 0;
  for (const t of times) {
    for (; front < grains.length && (grains[front] as Grain).timeUs < t; front++) {
      const grain = grains[front] as Grain;
      calls += grain.calls;
      errors += grain.errors;
      histogram?.add(grain.buckets, 1);
    }
    for (; back < front && (grains[back] as Grain).timeUs < t - widthUs; back++) {
      const grain = grains[back] as Grain;
      calls -= grain.calls;
      errors -= grain.errors;
      histogram?.add(grain.buckets, -1);
    }
    if (calls > 0) anyCalls = true;
    const value = pointValue(measure, calls, errors, widthUs, histogram);
    if (value !== undefined) points.push({ timeUs: t, value });
  }
  return anyCalls ? points : undefined;
}

function pointValue(
  measure: MonitorMeasure,
  calls: number,
  errors: number,
  widthUs: number,
  histogram: WindowHistogram | undefined,
): number | undefined {
  if (measure.kind === "calls") return calls / (widthUs / 1_000_000);
  if (calls === 0) return undefined;
  if (measure.kind === "errors") return errors / calls;
  const us = percentileUs(histogram?.counts() ?? [], measure.quantile);
  return us === undefined ? undefined : us / 1000;
}

/** The window's latency counts by bucket, dense, with the range of buckets ever used in it. */
class WindowHistogram {
  private readonly counts_ = new Float64Array(LAST_BUCKET + 2);
  private low = Number.POSITIVE_INFINITY;
  private high = -1;

  add(buckets: readonly (readonly [number, number])[], sign: 1 | -1): void {
    for (const [bucket, count] of buckets) {
      const b = Math.min(Math.max(0, Math.floor(bucket)), LAST_BUCKET + 1);
      this.counts_[b] = (this.counts_[b] as number) + sign * count;
      if (sign > 0) {
        this.low = Math.min(this.low, b);
        this.high = Math.max(this.high, b);
      }
    }
  }

  /** Sparse [bucket, count] pairs by bucket, as percentileUs reads them. */
  counts(): [number, number][] {
    const pairs: [number, number][] = [];
    for (let b = this.low; b <= this.high; b++) {
      const count = this.counts_[b] as number;
      if (count > 0) pairs.push([b, count]);
    }
    return pairs;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
