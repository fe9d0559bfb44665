import { extent, max, scaleLinear, scaleLog, scaleSqrt, ticks, utcFormat, utcTicks } from "d3";
import type { TraceSummary } from "../api/trace-summary";
import { formatDurationUs } from "../format/duration";

/**
 * The geometry of the search page's scatter plot: one dot per result, x its start time, y its
 * duration, area its span count. Pixels throughout, with (0, 0) the SVG's top left; times in µs.
 */
export interface TimeWindow {
  startUs: number;
  endUs: number;
}

export interface ScatterDot {
  traceId: string;
  x: number;
  y: number;
  r: number;
  error: boolean;
}

export interface AxisTick {
  px: number;
  label: string;
}

export interface PlotArea {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The x scale as numbers, what `brushWindow` needs to turn pixels back into time. */
export interface TimeAxis {
  startUs: number;
  endUs: number;
  startPx: number;
  endPx: number;
  /** A brush is clamped to the plot, which extends a dot's radius beyond startPx and endPx. */
  plotLeft: number;
  plotRight: number;
}

/** The y scale as numbers (log), what `brushSlowerThanUs` needs to turn pixels back into a duration. */
export interface DurationAxis {
  lowUs: number;
  highUs: number;
  /** The pixel of `lowUs` (the lower, larger px) and of `highUs`. */
  lowPx: number;
  highPx: number;
  plotTop: number;
  plotBottom: number;
}

export interface ScatterLayout {
  plot: PlotArea;
  /** Undefined only when there is neither a result nor a window: no time to brush. */
  time?: TimeAxis;
  /** Undefined when no result is plotted: no durations to brush. */
  duration?: DurationAxis;
  /** Biggest first, so a small dot is never hidden (and never unclickable) under a big one. */
  dots: ScatterDot[];
  xTicks: AxisTick[];
  yTicks: AxisTick[];
}

/** Room for the y labels ("1.25ms") on the left and the x labels below. */
export const MARGIN = { left: 52, right: 12, top: 8, bottom: 22 };
const MIN_RADIUS_PX = 3;
const MAX_RADIUS_PX = 14;
/** Below this many spans no dot gets the full radius: a page of 3-span traces is not a page of giants. */
const SPANS_AT_MAX_RADIUS_AT_LEAST = 50;
/** A single instant (one result, or all starting together) is shown in a window this wide. */
const INSTANT_WINDOW_US = 2_000_000;
const DAY_MS = 86_400_000;

/**
 * Lays out `traces` in an SVG of `size` px. The x axis covers `window` when given (results starting
 * outside it are left out) or else the results' start times, inset by the largest radius so edge dots
 * show whole. Clock labels are UTC, like every absolute time in Tracelight (formatTimestampUs).
 */
export function scatterLayout(
  traces: TraceSummary[],
  size: { width: number; height: number },
  window?: TimeWindow,
): ScatterLayout {
  // A plot not measured yet (0 or NaN) is as small as the margins leave it, never NaN.
  const plot: PlotArea = {
    left: MARGIN.left,
    top: MARGIN.top,
    right: Math.max(MARGIN.left, size.width - MARGIN.right) || MARGIN.left,
    bottom: Math.max(MARGIN.top, size.height - MARGIN.bottom) || MARGIN.top,
  };
  const shown = window
    ? traces.filter((trace) => trace.startUs >= window.startUs && trace.startUs <= window.endUs)
    : traces;
  const domainUs = window
    ? ordered(window.startUs, window.endUs)
    : shown.length > 0
      ? (extent(shown, (trace) => trace.startUs) as [number, number])
      : undefined;
  if (!domainUs) return { plot, dots: [], xTicks: [], yTicks: [] };
  const [startUs, endUs] = widen(domainUs[0], domainUs[1], INSTANT_WINDOW_US / 2);

  const radius = scaleSqrt()
    .domain([1, Math.max(SPANS_AT_MAX_RADIUS_AT_LEAST, max(shown, (trace) => trace.spanCount) ?? 0)])
    .range([MIN_RADIUS_PX, MAX_RADIUS_PX])
    .clamp(true);
  const largestR = shown.length > 0 ? radius(max(shown, (trace) => trace.spanCount) ?? 0) : 0;
  const padX = Math.min(largestR + 1, (plot.right - plot.left) / 2);
  const padY = Math.min(largestR + 1, (plot.bottom - plot.top) / 2);

  const time: TimeAxis = {
    startUs,
    endUs,
    startPx: plot.left + padX,
    endPx: plot.right - padX,
    plotLeft: plot.left,
    plotRight: plot.right,
  };
  const x = scaleLinear().domain([startUs, endUs]).range([time.startPx, time.endPx]);
  const xTicks = clockTicks(startUs, endUs, Math.max(2, Math.floor((plot.right - plot.left) / 120))).map(
    ({ us, label }) => ({ px: x(us), label }),
  );
  if (shown.length === 0) return { plot, time, dots: [], xTicks, yTicks: [] };

  // Durations of search results span orders of magnitude (a 300µs health check beside a 20s batch
  // job), and on a linear scale one slow outlier flattens everything else onto the axis. A log scale
  // gives every decade the same height, so "twice as slow" looks the same at any magnitude and the
  // fast and slow clusters both stay readable. log(0) is -∞, so durations are floored at 1µs, the
  // finest our times resolve: a zero-length trace sits on the bottom edge.
  const [fastestUs, slowestUs] = extent(shown, (trace) => Math.max(1, trace.durationUs)) as [number, number];
  const yDomain: [number, number] =
    fastestUs === slowestUs ? [Math.max(1, fastestUs / 10), slowestUs * 10] : [fastestUs, slowestUs];
  const y = scaleLog()
    .domain(yDomain)
    .range([plot.bottom - padY, plot.top + padY]);
  const yTicks = durationTicks(
    yDomain[0],
    yDomain[1],
    Math.max(2, Math.floor((plot.bottom - plot.top) / 36)),
  ).map((us) => ({ px: y(us), label: formatDurationUs(us) }));

  const dots = shown.map((trace) => ({
    traceId: trace.traceId,
    x: x(trace.startUs),
    y: y(Math.max(1, trace.durationUs)),
    r: radius(trace.spanCount),
    error: trace.errorCount > 0,
  }));
  dots.sort((a, b) => b.r - a.r);
  const duration: DurationAxis = {
    lowUs: yDomain[0],
    highUs: yDomain[1],
    lowPx: plot.bottom - padY,
    highPx: plot.top + padY,
    plotTop: plot.top,
    plotBottom: plot.bottom,
  };
  return { plot, time, duration, dots, xTicks, yTicks };
}

/**
 * The time window (whole µs) under a horizontal brush from `x0Px` to `x1Px`, dragged either way.
 * The ends are clamped to the plot, and rounded outwards so the dots under the brush stay inside.
 */
export function brushWindow(x0Px: number, x1Px: number, time: TimeAxis): TimeWindow {
  const x = scaleLinear().domain([time.startUs, time.endUs]).range([time.startPx, time.endPx]);
  const clamp = (px: number) => Math.min(time.plotRight, Math.max(time.plotLeft, px));
  const [fromPx, toPx] = ordered(clamp(x0Px), clamp(x1Px));
  return { startUs: Math.floor(x.invert(fromPx)), endUs: Math.ceil(x.invert(toPx)) };
}

/**
 * The duration a vertical brush from `y0Px` to `y1Px` selects traces slower than: the one at its
 * lower edge (the brush stands for "this band and above"), clamped to the plot and rounded down to
 * two significant figures, so the URL reads `slowerThan=250ms` and the dots under the brush stay in.
 * Whole µs, at least 1.
 */
export function brushSlowerThanUs(y0Px: number, y1Px: number, axis: DurationAxis): number {
  const y = scaleLog().domain([axis.lowUs, axis.highUs]).range([axis.lowPx, axis.highPx]);
  const lowerPx = Math.min(axis.plotBottom, Math.max(axis.plotTop, y0Px, y1Px));
  const us = y.invert(lowerPx);
  const step = 10 ** Math.max(0, Math.floor(Math.log10(us)) - 1);
  return Math.max(1, Math.floor(us / step) * step);
}

function ordered(a: number, b: number): [number, number] {
  return a <= b ? [a, b] : [b, a];
}

function widen(start: number, end: number, byUs: number): [number, number] {
  return start < end ? [start, end] : [start - byUs, end + byUs];
}

/**
 * About `count` ticks on round UTC clock times. The label shows what changes across the window:
 * milliseconds when ticks are under a second apart, HH:mm:ss within a day, the date beyond.
 */
function clockTicks(startUs: number, endUs: number, count: number): { us: number; label: string }[] {
  const dates = utcTicks(new Date(startUs / 1000), new Date(endUs / 1000), count);
  const spanMs = (endUs - startUs) / 1000;
  const stepMs = dates.length > 1 ? (dates[1] as Date).getTime() - (dates[0] as Date).getTime() : spanMs;
  const format = utcFormat(
    stepMs < 1000
      ? "%H:%M:%S.%L"
      : spanMs < DAY_MS
        ? "%H:%M:%S"
        : stepMs < DAY_MS
          ? "%b %d %H:%M"
          : "%Y-%m-%d",
  );
  return dates.map((date) => ({ us: date.getTime() * 1000, label: format(date) }));
}

/** Round durations per decade, sparsest first: 1, 10, 100…; then 1, 3, 10…; 1, 2, 5, 10…; 1…9, 10…. */
const MANTISSAS = [[1], [1, 3], [1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]];

/**
 * At most about `count` round durations between `lowUs` and `highUs` (both ≥ 1), evenly spread on a
 * log scale: the densest per-decade series that fits; only powers of ten, thinned, over many
 * decades; evenly stepped whole µs instead within a decade, where the log scale is near linear and
 * they label more of it.
 */
function durationTicks(lowUs: number, highUs: number, count: number): number[] {
  const series = MANTISSAS.map((mantissas) => perDecade(lowUs, highUs, mantissas));
  const powers = series[0] as number[];
  if (powers.length > count) {
    const every = Math.ceil(powers.length / count);
    return powers.filter((_, i) => i % every === 0);
  }
  const densest = series.filter((values) => values.length <= count).at(-1) ?? powers;
  if (densest.length >= 3 && highUs >= 10 * lowUs) return densest;
  const even = ticks(lowUs, highUs, count).filter(Number.isInteger);
  return even.length > densest.length ? even : densest;
}

function perDecade(lowUs: number, highUs: number, mantissas: number[]): number[] {
  const values: number[] = [];
  // Stepping by decades ends only between a low ≥ 1 and a finite high: ~20 steps for any duration.
  if (!(lowUs >= 1 && Number.isFinite(highUs))) return values;
  for (let power = 10 ** Math.floor(Math.log10(lowUs)); power <= highUs; power *= 10) {
    for (const mantissa of mantissas) {
      const value = mantissa * power;
      if (value >= lowUs && value <= highUs) values.push(value);
    }
  }
  return values;
}
