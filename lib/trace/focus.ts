import { type Outline, visibleRows } from "./outline";
import type { TraceTree } from "./tree";

/**
 * The timeline re-rooted on one span (Zipkin Lens's "focus on selected span"): the span's subtree
 * fills the view, its time axis rescaled to the subtree, and the path from the trace's root down to
 * it stays above it, so the focused span is still seen in its context.
 *
 *   root ─────────────────────────────────────  ancestor (kept, its bar clipped to the window)
 *     parent ──────────────────                 ancestor
 *       focused     ├──────────┤                the window: its subtree's earliest start
 *         child       ├───┤        ├──┤         to latest end (an async child may outlast it)
 */
export interface Focus {
  row: number;
  /** The rows from the root of the focused row's tree down to its parent, root first. */
  ancestors: Int32Array;
  /** The window: from the subtree's earliest start, µs since the epoch, for as long as it lasts. */
  startUs: number;
  durationUs: number;
}

/** The focus on a row of the tree: O(depth + the subtree's size). */
export function focusOn(tree: TraceTree, outline: Outline, row: number): Focus {
  const path: number[] = [];
  for (let at = outline.parent[row] as number; at >= 0; at = outline.parent[at] as number) path.push(at);
  let startUs = Number.POSITIVE_INFINITY;
  let endUs = Number.NEGATIVE_INFINITY;
  for (let i = row; i < (outline.subtreeEnd[row] as number); i++) {
    const span = (tree.rows[i] as TraceTree["rows"][number]).span;
    startUs = Math.min(startUs, span.startUs);
    endUs = Math.max(endUs, span.startUs + span.durationUs);
  }
  return { row, ancestors: Int32Array.from(path.reverse()), startUs, durationUs: endUs - startUs };
}

/** The rows on screen while focused: the ancestors, then the subtree's rows not folded away. */
export function focusedRows(outline: Outline, focus: Focus, collapsed: ReadonlySet<number>): Int32Array {
  const subtree = visibleRows(outline, collapsed, focus.row, outline.subtreeEnd[focus.row] as number);
  const rows = new Int32Array(focus.ancestors.length + subtree.length);
  rows.set(focus.ancestors);
  rows.set(subtree, focus.ancestors.length);
  return rows;
}

/** Whether a row is drawn while focused (folding aside): one of the ancestors or in the subtree. */
export function inFocus(outline: Outline, focus: Focus, row: number): boolean {
  return (
    (row >= focus.row && row < (outline.subtreeEnd[focus.row] as number)) || focus.ancestors.includes(row)
  );
}

/** The first row of a span id (a Zipkin shared id's client half), as a `focus=` link names it. */
export function rowOfSpanId(tree: TraceTree, spanId: string): number | undefined {
  const row = tree.rows.findIndex(({ span }) => span.spanId === spanId);
  return row < 0 ? undefined : row;
}
