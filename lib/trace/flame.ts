import type { TraceRow, TraceTree } from "./tree";

/**
 * The trace's flame graph as pixel geometry: an icicle chart, roots on top and one level per depth,
 * whose x axis is time, as on the timeline. Unlike a profiler's flame graph a child is not a share of
 * its parent: it sits where it ran, so an async child that outlives its parent pokes out past the
 * parent's end, and siblings that ran concurrently overlap on one level. Rects keep the rows'
 * pre-order, so a later sibling is drawn over an earlier one and is the one hit-testing finds.
 *
 *   view.startUs                              view.endUs
 *   │ root ───────────────────────────────────│───────    depth 0   (clipped at the right edge)
 *   │   [ child a ──────── ]   [ child b ─── ]│           depth 1
 *   │     [ db ─ ] ·                          │           depth 2   (· a sub-pixel span: culled)
 *   0 px                                      width px
 *
 * Zooming and panning are the timeline's (`zoomView`, `panView` in ./timeline): the caller turns its
 * view into the window in microseconds that this lays out.
 */
export interface FlameView {
  startUs: number;
  endUs: number;
  /** Pixels across the view. */
  width: number;
}

export interface FlameRect {
  /** Index into `tree.rows`. */
  row: number;
  /** Pixels from the view's left edge, clipped to [0, view.width]. */
  x: number;
  /** Pixels, after clipping; at least `MIN_RECT_PX`. */
  width: number;
  depth: number;
}

/** Narrower rects are left out: they would be invisible, and at 100k spans they are most of them. */
export const MIN_RECT_PX = 0.5;

/**
 * The rect of every row at least `MIN_RECT_PX` wide inside `view`, in row (pre-)order: one pass, no
 * subtree skipping, because an async child can lie inside the view while its parent lies outside it.
 */
export function layoutFlame(tree: TraceTree, view: FlameView): FlameRect[] {
  const rects: FlameRect[] = [];
  const windowUs = view.endUs - view.startUs;
  if (!(windowUs > 0 && view.width > 0 && Number.isFinite(windowUs) && Number.isFinite(view.width))) {
    return rects;
  }
  const pxPerUs = view.width / windowUs;
  const { rows } = tree;
  for (let row = 0; row < rows.length; row++) {
    const { span, depth } = rows[row] as TraceRow;
    const left = Math.max((span.startUs - view.startUs) * pxPerUs, 0);
    const right = Math.min((span.startUs + span.durationUs - view.startUs) * pxPerUs, view.width);
    if (right - left >= MIN_RECT_PX) rects.push({ row, x: left, width: right - left, depth });
  }
  return rects;
}

/** The row drawn on top at `xPx` on level `depth`, if any: the last rect there, as rects draw in order. */
export function flameRowAt(rects: readonly FlameRect[], xPx: number, depth: number): number | undefined {
  for (let i = rects.length - 1; i >= 0; i--) {
    const rect = rects[i] as FlameRect;
    if (rect.depth === depth && xPx >= rect.x && xPx < rect.x + rect.width) return rect.row;
  }
  return undefined;
}
