import type { TraceTree } from "../trace/tree";
import { rowIndex } from "./row-index";

/**
 * Self time: the part of a span's duration when none of its children was running, in µs per row
 * (same index as `tree.rows`). Children are clipped to the span, so one that outlives it (async work)
 * only covers the part inside it, and overlapping children count once, as Jaeger UI's trace
 * statistics count them:
 *
 *   span      |=============================|   0–30
 *   children     |=====|  |======|                        3–9, 12–19
 *                              |====|                     17–22: overlaps 12–19, counted once
 *                                        |============>   27–40: clipped to 27–30
 *   self      |==|     |==|         |====|                3 + 3 + 5 = 11
 *
 * Every child counts, asynchronous ones included, as in Jaeger UI: self time answers "when was nothing
 * below this span running", not "what was it waiting for", which is the critical path's question.
 * Always 0 ≤ self ≤ duration. O(n), plus sorting the children a skew correction moved.
 */
export function selfTimes(tree: TraceTree): Float64Array {
  const n = tree.rows.length;
  const selfUs = new Float64Array(n);
  const { subtreeEnd, startUs, endUs } = rowIndex(tree);
  const byStart = (a: number, b: number) => (startUs[a] as number) - (startUs[b] as number);
  const children: number[] = [];
  for (let p = 0; p < n; p++) {
    // The children: row p + 1, then each one's subtree end. tree.ts sorts them by start, but a
    // skew-corrected child may have moved: sort only then.
    children.length = 0;
    let sorted = true;
    for (let child = p + 1; child < (subtreeEnd[p] as number); child = subtreeEnd[child] as number) {
      const last = children[children.length - 1];
      if (last !== undefined && (startUs[child] as number) < (startUs[last] as number)) sorted = false;
      children.push(child);
    }
    if (!sorted) children.sort(byStart);
    const spanStartUs = startUs[p] as number;
    const spanEndUs = endUs[p] as number;
    let coveredUs = 0;
    // The run of overlapping children being merged.
    let runStartUs = 0;
    let runEndUs = Number.NEGATIVE_INFINITY;
    for (const child of children) {
      const s = Math.max(startUs[child] as number, spanStartUs);
      const e = Math.min(endUs[child] as number, spanEndUs);
      if (!(e > s)) continue;
      if (s > runEndUs) {
        if (runEndUs > runStartUs) coveredUs += runEndUs - runStartUs;
        runStartUs = s;
        runEndUs = e;
      } else if (e > runEndUs) runEndUs = e;
    }
    if (runEndUs > runStartUs) coveredUs += runEndUs - runStartUs;
    selfUs[p] = Math.max(spanEndUs - spanStartUs - coveredUs, 0);
  }
  return selfUs;
}
