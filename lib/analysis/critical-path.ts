import type { Span } from "../model/span";
import type { TraceRow, TraceTree } from "../trace/tree";
import { type RowIndex, rootRows, rowIndex } from "./row-index";

/**
 * The critical path: the chain of span segments that determined how long the trace's root took,
 * as Jaeger UI computes it. Walk back from the root's end: the child that finished last, before the
 * cursor, is what the parent was waiting for then; the parent's own time after that child is a
 * segment of the parent; recurse into the child, then carry on from the child's start. The parent's
 * time before its first such child is its own again.
 *
 *   root  |=================================================|   0–100 ms
 *   a          |==============|                                 10–40
 *   b                           |============|                  44–70
 *   c                              |===================|        50–90
 *   path  RRRRRaaaaaaaaaaaaaaaRRRRRccccccccccccccccccccRRRRR   (R: the root's own time)
 *
 * Walking back from 100: c finished last, so the root owns 90–100 and c owns 50–90; the cursor
 * moves to 50. b ends at 70, after the cursor: it overlapped c, which the root waited for longer, so
 * b is not on the path. a ends at 40: the root owns 40–50, a owns 10–40, and the root owns 0–10.
 *
 * Rules, each for a reason:
 * - A child is clipped to its parent's (already clipped) interval: a parent that returned did not
 *   wait for what its child did afterwards, and a child cannot start before its caller did.
 * - A child that starts when its parent is over, or whose clipped interval is empty, is not on the
 *   path: nothing waited for it (a fire-and-forget call, a message handled later).
 * - Asynchronous edges never put the child on its parent's path: a CONSUMER under a PRODUCER (the
 *   producer only handed a message over) and a span that only FOLLOWS_FROM its parent.
 * - A child ending exactly at the cursor counts as "before" it: back-to-back sequential calls are all
 *   on the path. (Jaeger UI asks for strictly earlier and so skips the first of two adjacent calls.)
 * - Of children ending at the same time, the one that started first is taken: it explains more.
 * - In a forest (parents missing), the root that ends last drives the trace; the other trees are
 *   not on the path. Apply clock-skew correction (lib/trace/skew) before, not after.
 *
 * The segments tile the driving root's interval exactly, so the critical times add up to its
 * duration. O(n) plus sorting each walked span's children by end; no recursion (a 100k-deep chain is
 * fine).
 */
export interface CriticalSegment {
  /** Index into `tree.rows`. */
  row: number;
  /** µs since the epoch, like `Span.startUs`. */
  startUs: number;
  endUs: number;
}

export interface CriticalPath {
  /** In time order, not overlapping; adjacent segments of one row are merged. */
  segments: CriticalSegment[];
  /** Per row (same index as `tree.rows`): µs of the row's own segments, 0 off the path. */
  criticalUs: Float64Array;
}

/** The critical path of `tree` (skew-corrected first, where wanted), as described above. */
export function criticalPath(tree: TraceTree): CriticalPath {
  const criticalUs = new Float64Array(tree.rows.length);
  const root = drivingRoot(tree);
  if (root === undefined) return { segments: [], criticalUs };
  const index = rowIndex(tree);

  const backwards: CriticalSegment[] = [];
  const own = (row: number, startUs: number, endUs: number) => {
    if (!(endUs > startUs)) return;
    criticalUs[row] = (criticalUs[row] as number) + (endUs - startUs);
    const later = backwards[backwards.length - 1];
    if (later && later.row === row && later.startUs === endUs) later.startUs = startUs;
    else backwards.push({ row, startUs, endUs });
  };
  const frame = (row: number, startUs: number, endUs: number): Frame => ({
    row,
    startUs,
    endUs,
    cursor: endUs,
    children: blockingChildren(tree, index, row, startUs, endUs),
    next: 0,
  });
  // An explicit stack, not recursion. A frame's cursor only moves back in time, so a child skipped
  // for ending after it is never wanted again: each frame reads its children once.
  const stack = [frame(root, index.startUs[root] as number, index.endUs[root] as number)];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as Frame;
    let child = -1;
    while (top.next < top.children.length) {
      const candidate = top.children[top.next++] as number;
      if (Math.min(index.endUs[candidate] as number, top.endUs) <= top.cursor) {
        child = candidate;
        break;
      }
    }
    if (child < 0) {
      own(top.row, top.startUs, top.cursor);
      stack.pop();
      continue;
    }
    const startUs = Math.max(index.startUs[child] as number, top.startUs);
    const endUs = Math.min(index.endUs[child] as number, top.endUs);
    own(top.row, endUs, top.cursor);
    top.cursor = startUs;
    stack.push(frame(child, startUs, endUs));
  }
  return { segments: backwards.reverse(), criticalUs };
}

/** A span being walked back through, with its interval clipped to its parent's. */
interface Frame {
  row: number;
  startUs: number;
  endUs: number;
  /** Where the walk has got to, going back from `endUs`. */
  cursor: number;
  children: number[];
  next: number;
}

/**
 * The children of `row` that could have held it up, given its clipped interval: those with some time
 * inside it that are not asynchronous, last to finish (once clipped) first, then the earliest start.
 * Children are the rows of its subtree one level down: row + 1, then each one's subtree end.
 */
function blockingChildren(
  tree: TraceTree,
  index: RowIndex,
  row: number,
  startUs: number,
  endUs: number,
): number[] {
  const { subtreeEnd } = index;
  const children: number[] = [];
  const parent = spanAt(tree, row);
  for (let child = row + 1; child < (subtreeEnd[row] as number); child = subtreeEnd[child] as number) {
    const s = Math.max(index.startUs[child] as number, startUs);
    const e = Math.min(index.endUs[child] as number, endUs);
    if (!(e > s) || isAsynchronous(spanAt(tree, child), parent)) continue;
    children.push(child);
  }
  if (children.length < 2) return children;
  const end = (child: number) => Math.min(index.endUs[child] as number, endUs);
  const start = (child: number) => Math.max(index.startUs[child] as number, startUs);
  return children.sort((a, b) => end(b) - end(a) || start(a) - start(b) || a - b);
}

/**
 * The root whose tree the critical path runs through: the one that ends last (of equal ends, the
 * earliest start, then the first row). A trace with missing parents is a forest, and what kept it
 * going longest is what its end-to-end time is about. Undefined for an empty tree.
 */
export function drivingRoot(tree: TraceTree): number | undefined {
  const index = rowIndex(tree);
  const { startUs, endUs } = index;
  let best: number | undefined;
  for (const root of rootRows(index)) {
    const rootEndUs = endUs[root] as number;
    const bestEndUs = best === undefined ? Number.NEGATIVE_INFINITY : (endUs[best] as number);
    const later = rootEndUs > bestEndUs;
    if (
      later ||
      (rootEndUs === bestEndUs && (startUs[root] as number) < (startUs[best as number] as number))
    ) {
      best = root;
    }
  }
  return best;
}

/** The parent did not wait for this child: a message it produced, or a span that only follows it. */
function isAsynchronous(child: Span, parent: Span): boolean {
  if (parent.kind === "PRODUCER" && child.kind === "CONSUMER") return true;
  return child.links.some((link) => link.type === "FOLLOWS_FROM" && link.spanId === parent.spanId);
}

function spanAt(tree: TraceTree, row: number): Span {
  return (tree.rows[row] as TraceRow).span;
}
