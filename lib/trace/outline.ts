import type { TraceTree } from "./tree";

/**
 * The tree's shape as flat arrays over its pre-order rows, built once per trace in O(n): a row's
 * subtree is the contiguous range (row, subtreeEnd[row]), so collapsing, showing and revealing rows
 * are index arithmetic, never a walk of span objects. This is what keeps a 100k-span timeline
 * responsive when a branch is folded.
 */
export interface Outline {
  /** The index of each row's parent row, −1 for a root. */
  parent: Int32Array;
  /** One past the last row of each row's subtree. */
  subtreeEnd: Int32Array;
  depth: Int32Array;
}

export function buildOutline(tree: TraceTree): Outline {
  const n = tree.rows.length;
  const parent = new Int32Array(n);
  const subtreeEnd = new Int32Array(n);
  const depth = new Int32Array(n);
  const open: number[] = []; // the rows whose subtree is still being read, deepest last
  for (let i = 0; i < n; i++) {
    const rowDepth = (tree.rows[i] as { depth: number }).depth;
    depth[i] = rowDepth;
    while (open.length > rowDepth) subtreeEnd[open.pop() as number] = i;
    parent[i] = rowDepth === 0 ? -1 : (open[open.length - 1] ?? -1);
    open.push(i);
  }
  for (const row of open) subtreeEnd[row] = n;
  return { parent, subtreeEnd, depth };
}

export function hasChildren(outline: Outline, row: number): boolean {
  return (outline.subtreeEnd[row] as number) > row + 1;
}

/** How many rows a row's subtree holds below it: what folding it hides. O(1). */
export function descendantCount(outline: Outline, row: number): number {
  return (outline.subtreeEnd[row] as number) - row - 1;
}

/**
 * The rows on screen, in order: every row except those under a collapsed one; only those from
 * `from` up to `to` (a subtree's range, when the timeline is re-rooted on it).
 */
export function visibleRows(
  outline: Outline,
  collapsed: ReadonlySet<number>,
  from = 0,
  to = outline.depth.length,
): Int32Array {
  const rows = new Int32Array(Math.max(0, to - from));
  let count = 0;
  for (let i = from; i < to; ) {
    rows[count++] = i;
    i = collapsed.has(i) ? (outline.subtreeEnd[i] as number) : i + 1;
  }
  return rows.subarray(0, count);
}

/** Each row's place in the visible rows (its position in the list), −1 for a row not shown. */
export function rowPositions(visible: Int32Array, rowCount: number): Int32Array {
  const positions = new Int32Array(rowCount).fill(-1);
  visible.forEach((row, position) => {
    positions[row] = position;
  });
  return positions;
}

/** The rows to collapse so that rows deeper than `depth` are hidden (0: roots only). */
export function collapsedBelow(outline: Outline, depth: number): Set<number> {
  const collapsed = new Set<number>();
  for (let i = 0; i < outline.depth.length; i++) {
    if (outline.depth[i] === depth && hasChildren(outline, i)) collapsed.add(i);
  }
  return collapsed;
}

/** `collapsed` without the row's ancestors, so the row is on screen. */
export function reveal(outline: Outline, collapsed: ReadonlySet<number>, row: number): Set<number> {
  const next = new Set(collapsed);
  for (let at = outline.parent[row] as number; at >= 0; at = outline.parent[at] as number) next.delete(at);
  return next;
}

/** The deepest level with a row, 0 for roots only. */
export function maxDepth(outline: Outline): number {
  let deepest = 0;
  for (const rowDepth of outline.depth) deepest = Math.max(deepest, rowDepth);
  return deepest;
}
