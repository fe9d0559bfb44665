import type { TraceRow, TraceTree } from "../trace/tree";
import { dimensionReader, type SpanDimension } from "./span-dimensions";
import type { SpanSetStats } from "./statistics";

/** One group's numbers within one trace: the spans sharing a value of a dimension. */
export interface GroupStats extends SpanSetStats {
  /**
   * "value": the spans whose dimension reads `value`; "missing": those without it (a tag they lack);
   * "other": the smallest groups by total time, merged past the limit (`merged` says how many).
   */
  kind: "value" | "missing" | "other";
  value?: string;
  merged?: number;
  /** How many of them have status ERROR. */
  errors: number;
  /** By the second dimension, counts summing to `count`; empty without one. */
  subgroups: GroupStats[];
}

/** Groups shown, and sub-groups within each, before the rest are merged into one "other" row. */
export const GROUP_LIMITS = { groups: 50, subgroups: 20 };

/**
 * The trace's spans grouped by one dimension and, optionally, each group by a second one, as Jaeger
 * UI's trace statistics group them. `self` and `critical` are per row, as `selfTimes` and
 * `criticalPath` give them. Groups come by total time (descending; the first met in the trace among
 * equals), a merged "other" last.
 *
 * Built for a 100k-span trace: one pass reads each span once, the rest is arithmetic over typed
 * arrays indexed by row, and percentiles sort each group's durations in one shared array. A tag with
 * a value per span (a request id) still yields at most limits.groups × (limits.subgroups + 1) rows.
 * O(n log n) for the percentiles' sorts, O(n) otherwise.
 */
export function groupStatistics(
  tree: TraceTree,
  self: Float64Array,
  critical: Float64Array,
  by: SpanDimension,
  then?: SpanDimension,
  limits = GROUP_LIMITS,
): GroupStats[] {
  const n = tree.rows.length;
  const durationUs = new Float64Array(n);
  const failed = new Uint8Array(n);
  const readGroup = valueIndexer(dimensionReader(by));
  const readSub = then === undefined ? undefined : valueIndexer(dimensionReader(then));
  const groupOfRow = new Int32Array(n);
  const subOfRow = new Int32Array(n);
  for (let row = 0; row < n; row++) {
    const { span } = tree.rows[row] as TraceRow;
    durationUs[row] = span.durationUs;
    if (span.status.code === "ERROR") failed[row] = 1;
    groupOfRow[row] = readGroup.index(span);
    if (readSub) subOfRow[row] = readSub.index(span);
  }
  const sums = { durationUs, failed, self, critical, criticalTotalUs: critical.reduce((a, b) => a + b, 0) };

  const groupValues = readGroup.values;
  const groups = cap(
    groupOfRow,
    new Int32Array(groupValues.length),
    totalsOf(groupOfRow, groupValues.length, durationUs),
    limits.groups,
  );
  const result = summarise(groups.ofRow, groups.buckets.length, sums).map((stats, i) =>
    labelled(stats, groups.buckets[i] as Bucket, groupValues),
  );
  if (!readSub) return result;

  // Cells: (final group, sub value) pairs, numbered as first met, capped within each group.
  const subValues = readSub.values;
  const cellOf = new Map<number, number>();
  const cellParent: number[] = [];
  const cellSub: number[] = [];
  const cellOfRow = new Int32Array(n);
  for (let row = 0; row < n; row++) {
    const parent = groups.ofRow[row] as number;
    const key = parent * subValues.length + (subOfRow[row] as number);
    let cell = cellOf.get(key);
    if (cell === undefined) {
      cell = cellParent.length;
      cellOf.set(key, cell);
      cellParent.push(parent);
      cellSub.push(subOfRow[row] as number);
    }
    cellOfRow[row] = cell;
  }
  const cellValues = cellSub.map((sub) => subValues[sub]);
  const cells = cap(
    cellOfRow,
    Int32Array.from(cellParent),
    totalsOf(cellOfRow, cellParent.length, durationUs),
    limits.subgroups,
  );
  summarise(cells.ofRow, cells.buckets.length, sums).forEach((stats, i) => {
    const bucket = cells.buckets[i] as Bucket;
    result[bucket.parent]?.subgroups.push(labelled(stats, bucket, cellValues));
  });
  return result;
}

/**
 * Numbers each distinct value as first met; `undefined` (no such attribute) is a value too. Rows
 * in pre-order run in streaks of one service (or one missing tag), so the last value is checked
 * before the map.
 */
function valueIndexer<T>(read: (span: T) => string | undefined) {
  const indexes = new Map<string | undefined, number>();
  const values: (string | undefined)[] = [];
  let last: string | undefined;
  let lastIndex = -1;
  return {
    values,
    index(span: T): number {
      const value = read(span);
      if (value === last && lastIndex >= 0) return lastIndex;
      let index = indexes.get(value);
      if (index === undefined) {
        index = values.length;
        indexes.set(value, index);
        values.push(value);
      }
      last = value;
      lastIndex = index;
      return index;
    },
  };
}

function totalsOf(bucketOfRow: Int32Array, buckets: number, durationUs: Float64Array): Float64Array {
  const totals = new Float64Array(buckets);
  for (let row = 0; row < bucketOfRow.length; row++) {
    const bucket = bucketOfRow[row] as number;
    totals[bucket] = (totals[bucket] as number) + (durationUs[row] as number);
  }
  return totals;
}

/** A final row: a raw bucket kept as it is (`raw`), or its parent's merged rest (`raw` -1). */
interface Bucket {
  parent: number;
  raw: number;
  merged: number;
}

/**
 * Keeps each parent's `limit` raw buckets of most total time (the first met among equals) and merges
 * the rest into one per parent; merging a single bucket would only hide it, so a parent with
 * limit + 1 keeps them all. Ranking compares numbers only, and past the limit finds the limit's
 * total first (a native sort of numbers), so that 100k distinct values rank in milliseconds.
 */
function cap(
  rawOfRow: Int32Array,
  parentOfRaw: Int32Array,
  totals: Float64Array,
  limit: number,
): { ofRow: Int32Array; buckets: Bucket[] } {
  const byParent: number[][] = [];
  parentOfRaw.forEach((parent, raw) => {
    const raws = byParent[parent];
    if (raws) raws.push(raw);
    else byParent[parent] = [raw];
  });
  const finalOfRaw = new Int32Array(parentOfRaw.length);
  const buckets: Bucket[] = [];
  byParent.forEach((raws, parent) => {
    const kept = largest(raws, totals, raws.length <= limit + 1 ? raws.length : limit);
    for (const raw of kept) {
      finalOfRaw[raw] = buckets.length;
      buckets.push({ parent, raw, merged: 0 });
    }
    if (kept.length === raws.length) return;
    const other = buckets.length;
    buckets.push({ parent, raw: -1, merged: raws.length - kept.length });
    const isKept = new Set(kept);
    for (const raw of raws) if (!isKept.has(raw)) finalOfRaw[raw] = other;
  });
  return { ofRow: rawOfRow.map((raw) => finalOfRaw[raw] as number), buckets };
}

/** The `count` raws (ascending, as numbered) of largest total, by total descending, then as numbered. */
function largest(raws: number[], totals: Float64Array, count: number): number[] {
  const byTotal = (a: number, b: number) => (totals[b] as number) - (totals[a] as number) || a - b;
  if (count >= raws.length) return raws.sort(byTotal);
  const threshold = Float64Array.from(raws, (raw) => totals[raw] as number).sort()[raws.length - count];
  const above = raws.filter((raw) => (totals[raw] as number) > (threshold as number));
  const at = raws.filter((raw) => totals[raw] === threshold).slice(0, count - above.length);
  return [...above, ...at].sort(byTotal);
}

interface Sums {
  durationUs: Float64Array;
  failed: Uint8Array;
  self: Float64Array;
  critical: Float64Array;
  criticalTotalUs: number;
}

type Numbers = Omit<GroupStats, "kind" | "value" | "merged" | "subgroups">;

/**
 * Each bucket's numbers. The durations are laid out bucket after bucket in one array (a counting
 * sort by bucket), and each bucket's stretch sorted in place for its min, max and p95.
 */
function summarise(bucketOfRow: Int32Array, buckets: number, sums: Sums): Numbers[] {
  const counts = new Int32Array(buckets);
  const stats = Array.from({ length: buckets }, () => ({ totalUs: 0, selfUs: 0, criticalUs: 0, errors: 0 }));
  for (let row = 0; row < bucketOfRow.length; row++) {
    const bucket = bucketOfRow[row] as number;
    const sum = stats[bucket] as (typeof stats)[number];
    counts[bucket] = (counts[bucket] as number) + 1;
    sum.totalUs += sums.durationUs[row] as number;
    sum.selfUs += sums.self[row] ?? 0;
    sum.criticalUs += sums.critical[row] ?? 0;
    sum.errors += sums.failed[row] as number;
  }
  const starts = new Int32Array(buckets + 1);
  for (let b = 0; b < buckets; b++) starts[b + 1] = (starts[b] as number) + (counts[b] as number);
  const next = starts.slice(0, buckets);
  const sorted = new Float64Array(bucketOfRow.length);
  for (let row = 0; row < bucketOfRow.length; row++) {
    const bucket = bucketOfRow[row] as number;
    const at = next[bucket] as number;
    sorted[at] = sums.durationUs[row] as number;
    next[bucket] = at + 1;
  }
  return stats.map((sum, b) => {
    const count = counts[b] as number;
    const durations = sorted.subarray(starts[b], starts[b + 1]).sort();
    return {
      count,
      ...sum,
      avgUs: sum.totalUs / count,
      minUs: durations[0] as number,
      maxUs: durations[count - 1] as number,
      p95Us: durations[Math.ceil(0.95 * count) - 1] as number,
      criticalShare: sums.criticalTotalUs > 0 ? sum.criticalUs / sums.criticalTotalUs : 0,
    };
  });
}

function labelled(stats: Numbers, bucket: Bucket, values: readonly (string | undefined)[]): GroupStats {
  if (bucket.raw < 0) return { kind: "other", merged: bucket.merged, ...stats, subgroups: [] };
  const value = values[bucket.raw];
  return value === undefined
    ? { kind: "missing", ...stats, subgroups: [] }
    : { kind: "value", value, ...stats, subgroups: [] };
}
