import type { AttributeDiffEntry } from "../api/attribute-diff";
import { formatLogfmtTags } from "../search/tracelight-params";

/**
 * How many traces (or spans) of each group carry one attribute value, as lib/db/attribute-diff.ts
 * counts them: a trace carries a value when any of its spans does, once however many spans do.
 * `numeric`: the value is a bucket's lower bound (`bucketFloor`), not the value itself.
 */
export interface ValueCounts {
  source: AttributeDiffEntry["source"];
  key: string;
  value: string;
  numeric: boolean;
  selection: number;
  baseline: number;
}

/** The answer's bound: enough for a page to show, few enough that the noise is left out. */
export const MAX_DIFF_ENTRIES = 50;

/**
 * A key whose distinct values are at least this share of its occurrences is an id, a timestamp or a
 * free text (a path, a statement): a value nearly unique per trace says nothing about a group.
 */
const DISTINCT_SHARE = 0.5;
/** Below this many values a key is kept whatever its share: small populations are mostly distinct. */
const MIN_DISTINCT_TO_DROP = 20;
/** Ids the model keeps as columns; an attribute of the same name is still only an id. */
const ID_KEYS = /^(trace|span|parent)[._-]?id$|^otel\.(trace|span)_id$/i;

/**
 * The lower bound of a number's power-of-two bucket: 0, ±2^k with 2^k ≤ |n| < 2^(k+1). Durations,
 * sizes and counts are heavy-tailed and read multiplicatively, so doubling buckets keep a few dozen
 * buckets for any range; and a bucket depends on the value alone, not on the population (as
 * quantile edges would), so the selection and the baseline are compared on the same edges and the
 * counting stays in SQL (lib/db/attribute-diff.ts computes the same bound).
 */
export function bucketFloor(n: number): number {
  if (n === 0 || !Number.isFinite(n)) return n;
  const floor = 2 ** Math.floor(Math.log2(Math.abs(n)));
  // log2 rounds near exact powers: correct by one step where it overshot or undershot.
  const exact = floor > Math.abs(n) ? floor / 2 : floor * 2 <= Math.abs(n) ? floor * 2 : floor;
  return Math.sign(n) * exact;
}

/** A bucket's range from its lower bound: `256–512`, `-512–-256`, `0`. */
export function bucketLabel(floor: number): string {
  if (floor === 0) return "0";
  return floor > 0 ? `${floor}–${floor * 2}` : `${floor * 2}–${floor}`;
}

/**
 * The values most telling of the selection first: scored by how much larger a share of the
 * selection carries them than of the baseline (selection − baseline, both 0–1). A difference, not a
 * ratio: a ratio puts a value seen in 1 of 1,000 baseline traces and 3 of 1,000 selected ones above
 * one in 90% vs 30%, while the difference weighs support as well. Ties: the more common in the
 * selection, then by key and value, so that the order is stable. A value equally common in both
 * scores 0 and sorts below every value commoner in the selection. Groups of no traces count as
 * fractions of 0 (the route says which group was empty by its counts).
 */
export function rankAttributeDiff(
  rows: ValueCounts[],
  sizes: { selection: number; baseline: number },
  limit = MAX_DIFF_ENTRIES,
): AttributeDiffEntry[] {
  const noisy = noisyKeys(rows);
  const share = (count: number, size: number) => (size === 0 ? 0 : Math.min(1, count / size));
  return rows
    .filter((row) => !noisy.has(`${row.source}\0${row.key}`) && !ID_KEYS.test(row.key))
    .map((row) => entry(row, share(row.selection, sizes.selection), share(row.baseline, sizes.baseline)))
    .sort(
      (a, b) =>
        b.selection - b.baseline - (a.selection - a.baseline) ||
        b.selection - a.selection ||
        compareText(a.key, b.key) ||
        compareText(a.value, b.value),
    )
    .slice(0, limit);
}

function entry(row: ValueCounts, selection: number, baseline: number): AttributeDiffEntry {
  const value = row.numeric ? bucketLabel(Number(row.value)) : row.value;
  return {
    key: row.key,
    value,
    source: row.source,
    selection,
    baseline,
    ...(hasNoTag(row) ? {} : { tag: formatLogfmtTags([{ key: row.key, value: row.value }]) }),
  };
}

/**
 * A numeric range has no tag filter, nor has an intrinsic (kind, status) or the service's name: the
 * search's own fields (status, http, service) say those, and they are not stored as search terms.
 */
function hasNoTag(row: ValueCounts): boolean {
  return (
    row.numeric || row.source === "intrinsic" || (row.source === "resource" && row.key === "service.name")
  );
}

/** Keys (per source) whose values are nearly all distinct: ids, timestamps, free text. */
function noisyKeys(rows: ValueCounts[]): Set<string> {
  const perKey = new Map<string, { values: number; occurrences: number }>();
  for (const row of rows) {
    const name = `${row.source}\0${row.key}`;
    const counts = perKey.get(name) ?? { values: 0, occurrences: 0 };
    counts.values++;
    counts.occurrences += row.selection + row.baseline;
    perKey.set(name, counts);
  }
  const noisy = new Set<string>();
  for (const [name, { values, occurrences }] of perKey) {
    if (values >= MIN_DISTINCT_TO_DROP && values >= DISTINCT_SHARE * occurrences) noisy.add(name);
  }
  return noisy;
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
