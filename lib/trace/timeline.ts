import { scaleLinear } from "d3";
import { formatDurationUs } from "../format/duration";

/**
 * The timeline's geometry. A view is the part of the trace on screen, as fractions of its duration
 * ([0, 1] is the whole trace), so it survives a switch between raw and skew-corrected times and
 * reads the same in a URL. Positions are percentages of the timeline's width: rows need no pixel
 * width, and a resize costs no re-render.
 */
export interface View {
  start: number;
  end: number;
}

export const WHOLE: View = { start: 0, end: 1 };

/** The narrowest view: a millionth of the trace, past where zooming shows anything new. */
const MIN_SPAN = 1e-6;

/** The view made valid: inside [0, 1], in order, not narrower than MIN_SPAN. */
export function clampView({ start, end }: View): View {
  let a = Math.max(0, Math.min(start, end));
  let b = Math.min(1, Math.max(start, end));
  if (b - a < MIN_SPAN) {
    const middle = Math.min(Math.max((a + b) / 2, MIN_SPAN / 2), 1 - MIN_SPAN / 2);
    a = middle - MIN_SPAN / 2;
    b = middle + MIN_SPAN / 2;
  }
  return { start: a, end: b };
}

/** Zooms by `factor` (< 1 in, > 1 out) keeping the point at `anchor` (a fraction of the view) still. */
export function zoomView(view: View, factor: number, anchor = 0.5): View {
  const width = view.end - view.start;
  const at = view.start + anchor * width;
  const next = Math.min(1, Math.max(MIN_SPAN, width * factor));
  const start = at - anchor * next;
  return shiftInside({ start, end: start + next });
}

/** Moves the view by `delta`, a fraction of the whole trace, stopping at its edges. */
export function panView(view: View, delta: number): View {
  return shiftInside({ start: view.start + delta, end: view.end + delta });
}

/** Keeps the view's width and moves it back inside [0, 1]. */
function shiftInside({ start, end }: View): View {
  const width = Math.min(1, end - start);
  const a = Math.min(Math.max(0, start), 1 - width);
  return { start: a, end: a + width };
}

/** A time tick: where it is (percent of the timeline's width) and its label, relative to the trace's start. */
export interface Tick {
  percent: number;
  label: string;
}

/** About `count` ticks on round durations over the view, of a trace lasting `durationUs`. */
export function viewTicks(view: View, durationUs: number, count: number): Tick[] {
  const time = scaleLinear()
    .domain([view.start * durationUs, view.end * durationUs])
    .range([0, 100]);
  return time.ticks(count).map((us) => ({ percent: time(us), label: formatDurationUs(Math.round(us)) }));
}

/** A bar's place on the timeline, in percent of its width; undefined when the bar is outside the view. */
export interface Bar {
  left: number;
  width: number;
}

/**
 * The bar of an interval (µs from the trace's start) in the view, clipped to it. A zero-length span
 * keeps its place: the component gives every bar a minimum pixel width.
 */
export function barInView(
  offsetUs: number,
  lengthUs: number,
  durationUs: number,
  view: View,
): Bar | undefined {
  const total = Math.max(durationUs, 1);
  const viewWidth = view.end - view.start;
  const from = (offsetUs / total - view.start) / viewWidth;
  const to = ((offsetUs + lengthUs) / total - view.start) / viewWidth;
  if (to < 0 || from > 1) return undefined;
  const left = Math.max(0, from);
  return { left: left * 100, width: (Math.min(1, to) - left) * 100 };
}

/** Which rows of a virtual list are on screen, with `overscan` more on each side. */
export function rowWindow(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  rowCount: number,
  overscan = 8,
): { first: number; last: number } {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(rowCount, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);
  return { first, last: Math.max(first, last) };
}
