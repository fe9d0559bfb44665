import { buildOutline, type Outline } from "../trace/outline";
import type { TraceRow, TraceTree } from "../trace/tree";

/**
 * What every analysis reads of a tree, as typed arrays (same index as `tree.rows`): its outline
 * (parent, subtree end, depth), each row's start and end in µs since the epoch, and its failure. Reading spans is
 * the slow part of analysing a 100k-span trace (a skew-corrected tree mixes row shapes), so it is
 * done once per tree and shared by the analyses of that tree. Trees are never changed once built
 * (lib/trace makes new ones), which is what makes remembering this safe.
 */
export interface RowIndex extends Outline {
  startUs: Float64Array;
  endUs: Float64Array;
  /** 1 where the span's status is ERROR. */
  failed: Uint8Array;
}

const indexes = new WeakMap<TraceTree, RowIndex>();

export function rowIndex(tree: TraceTree): RowIndex {
  const known = indexes.get(tree);
  if (known) return known;
  const n = tree.rows.length;
  const startUs = new Float64Array(n);
  const endUs = new Float64Array(n);
  const failed = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const { span } = tree.rows[i] as TraceRow;
    startUs[i] = span.startUs;
    endUs[i] = span.startUs + span.durationUs;
    if (span.status.code === "ERROR") failed[i] = 1;
  }
  const index = { ...buildOutline(tree), startUs, endUs, failed };
  indexes.set(tree, index);
  return index;
}

/** The roots' rows, in order: row 0, then each root's subtree end. */
export function rootRows(index: RowIndex): number[] {
  const roots: number[] = [];
  for (let row = 0; row < index.subtreeEnd.length; row = index.subtreeEnd[row] as number) roots.push(row);
  return roots;
}
