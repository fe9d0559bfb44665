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

/** The view made valid: inside [0, 1], in order, not narrower than MIN_SPAN; a NaN end is the trace's. */
export function clampView({ start, end }: View): View {
  const [from, to] = [Number.isNaN(start) ? 0 : start, Number.isNaN(end) ? 1 : end];
  let a = Math.max(0, Math.min(from, to));
  let b = Math.min(1, Math.max(from, to));
  if (b - a < MIN_SPAN) {
    const middle = Math.min(Math.max((a + b) / 2, MIN_SPAN / 2), 1 - MIN_SPAN / 2);
    a = middle - MIN_SPAN / 2;
    b = middle + MIN_SPAN / 2;
  }
  return { start: a, end: b };
}

/**
 * Zooms by `factor` (< 1 in, > 1 out) keeping the point at `anchor` (a fraction of the view) still;
 * a factor or anchor that is no finite number (a wheel event's 0/0) leaves the view as it is.
 */
export function zoomView(view: View, factor: number, anchor = 0.5): View {
  if (!(factor > 0 && Number.isFinite(factor) && Number.isFinite(anchor))) return view;
  const width = view.end - view.start;
  const at = view.start + Math.min(1, Math.max(0, anchor)) * width;
  const next = Math.min(1, Math.max(MIN_SPAN, width * factor));
  const start = at - Math.min(1, Math.max(0, anchor)) * next;
  return shiftInside({ start, end: start + next });
}

/** Moves the view by `delta`, a fraction of the whole trace, stopping at its edges; NaN moves nothing. */
export function panView(view: View, delta: number): View {
  if (Number.isNaN(delta)) return view;
  // Past a whole trace's width every move ends at an edge; a huge one would swamp the view's width.
  const step = Math.min(1, Math.max(-1, delta));
  return shiftInside({ start: view.start + step, end: view.end + step });
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
  // Before layout a list may measure 0 or NaN: it shows its first rows.
  const finite = (px: number, fallback: number) => (Number.isFinite(px) && px > 0 ? px : fallback);
  const rowPx = finite(rowHeight, 1);
  const top = finite(scrollTop, 0);
  const bottom = top + finite(viewportHeight, 0);
  const first = Math.min(rowCount, Math.max(0, Math.floor(top / rowPx) - overscan));
  const last = Math.min(rowCount, Math.ceil(bottom / rowPx) + overscan);
  return { first, last: Math.max(first, last) };
}
