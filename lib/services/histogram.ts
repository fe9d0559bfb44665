import { MAX_DURATION_US } from "../model/span";

/**
 * Log-scale latency histograms: how an operation's durations are kept at ingest (table
 * `operation_latency`, lib/db/save-spans.ts) and what a span is compared with.
 *
 * Eight buckets per doubling: bucket b holds the durations d (whole µs) with
 *
 *   2^(b/8) ≤ d + 1 < 2^((b+1)/8)
 *
 * so each bucket is 2^(1/8) ≈ 1.09 times as wide as the one before it, and any value read back from
 * a bucket is within ~9% of the durations in it. 0 µs is bucket 0, 1 ms bucket 79, 10 ms bucket 106,
 * an hour bucket 253, a day 290, a year (the longest a span may last) 358: a smallint, and a few
 * hundred buckets at most. Below ~10 µs the buckets are narrower than a microsecond and some hold no whole duration.
 */
const BUCKETS_PER_DOUBLING = 8;

/** Sparse counts of one operation's durations: [bucket, count] pairs, by bucket, counts > 0. */
export type LatencyCounts = readonly (readonly [bucket: number, count: number])[];

/** An operation, the unit a histogram is kept for, as one map key. */
export function operationKey(service: string, name: string): string {
  return `${service}\u0000${name}`;
}

export interface Baseline {
  count: number;
  p50Us: number;
  p99Us: number;
}

/**
 * The bucket of the longest duration a span can carry (MAX_DURATION_US, a year): 358. Longer
 * durations, which only older versions stored, count in it, and a bucket read back past it (a
 * smallint reaches 32767) reads as empty at its top: every bound stays a safe integer.
 */
export const LAST_BUCKET = rawBucketOf(MAX_DURATION_US);

/** The bucket of a duration in µs; negative durations (clock skew) and NaN count as 0. */
export function bucketOf(durationUs: number): number {
  return durationUs > 0 ? rawBucketOf(Math.min(durationUs, MAX_DURATION_US)) : 0;
}

function rawBucketOf(durationUs: number): number {
  return Math.floor(BUCKETS_PER_DOUBLING * Math.log2(durationUs + 1));
}

/**
 * The shortest whole-µs duration in the bucket, found through bucketOf's formula so the two always
 * agree; 0 for a bucket below 1 or NaN. Closed form: 2^(b/8) is rounded in floating point by far
 * less than a µs below 2^46 µs, so one step reaches the exact edge (histogram.test.ts checks every
 * bucket).
 */
export function bucketLowerUs(bucket: number): number {
  const b = bucketIndex(bucket);
  let us = Math.ceil(2 ** (b / BUCKETS_PER_DOUBLING) - 1);
  if (rawBucketOf(us) < b) us++;
  else if (us > 0 && rawBucketOf(us - 1) >= b) us--;
  return us;
}

/** The end of the bucket, exclusive: the bucket holds bucketLowerUs(b) ≤ d < bucketUpperUs(b). */
export function bucketUpperUs(bucket: number): number {
  return bucketLowerUs(bucketIndex(bucket) + 1);
}

/** A bucket as a whole number from 0 to one past LAST_BUCKET, whatever was stored or computed. */
function bucketIndex(bucket: number): number {
  return bucket > 0 ? Math.min(Math.floor(bucket), LAST_BUCKET + 1) : 0;
}

/** Counts of these durations, e.g. for tests and for spans not stored yet. */
export function countsOf(durationsUs: Iterable<number>): LatencyCounts {
  const counts = new Map<number, number>();
  for (const durationUs of durationsUs) {
    const bucket = bucketOf(durationUs);
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => a[0] - b[0]);
}

/** `counts` less `other` bucket by bucket (a trace's own spans taken out of its baseline), never below 0. */
export function subtractCounts(counts: LatencyCounts, other: LatencyCounts): LatencyCounts {
  const taken = new Map(other);
  return counts.flatMap(([bucket, count]) => {
    const left = count - (taken.get(bucket) ?? 0);
    return left > 0 ? [[bucket, left] as const] : [];
  });
}

export function totalOf(counts: LatencyCounts): number {
  let total = 0;
  for (const [, count] of counts) total += count;
  return total;
}

/**
 * The `fraction` percentile (0.99 for p99) by nearest rank, as the longest duration its bucket
 * holds: an upper bound, at most one bucket (~9%) above the true value. Undefined without history.
 */
export function percentileUs(counts: LatencyCounts, fraction: number): number | undefined {
  const rank = Math.max(1, Math.ceil(Math.min(1, Math.max(0, fraction)) * totalOf(counts)));
  let seen = 0;
  for (const [bucket, count] of counts) {
    seen += count;
    if (seen >= rank) return bucketUpperUs(bucket) - 1;
  }
  return undefined;
}

/**
 * The fraction of the history faster than this duration, 0..1: those in lower buckets, plus half of
 * those in its own bucket, whose order within it is unknown. 0.5 without history (no evidence
 * either way); show it only beside the history's count.
 */
export function rankOf(counts: LatencyCounts, durationUs: number): number {
  const own = bucketOf(durationUs);
  let faster = 0;
  let total = 0;
  for (const [bucket, count] of counts) {
    total += count;
    if (bucket < own) faster += count;
    else if (bucket === own) faster += count / 2;
  }
  return total === 0 ? 0.5 : faster / total;
}

/** Count, median and p99 of the history; undefined when it is empty. */
export function baselineOf(counts: LatencyCounts): Baseline | undefined {
  const p50Us = percentileUs(counts, 0.5);
  const p99Us = percentileUs(counts, 0.99);
  if (p50Us === undefined || p99Us === undefined) return undefined;
  return { count: totalOf(counts), p50Us, p99Us };
}

/** Fewer calls than this are no baseline: one slow call among ten proves nothing. */
export const MIN_HISTORY = 20;
/** How many times the history's p99 a span must exceed to be called anomalous. */
export const ANOMALY_FACTOR = 2;

/**
 * Whether a span is far slower than its operation usually is: the history holds at least
 * MIN_HISTORY calls besides this one, and the span takes more than ANOMALY_FACTOR × their p99.
 * `ownCount` is how often the span is itself in `counts` (1 when the baseline's window covers it,
 * as it does for stored spans): it is taken out once, so a span is never judged against itself.
 * The p99 is read as its bucket's upper bound, so the rule errs towards "normal".
 */
export function isAnomalous(counts: LatencyCounts, durationUs: number, ownCount = 1): boolean {
  const history = without(counts, bucketOf(durationUs), ownCount);
  if (totalOf(history) < MIN_HISTORY) return false;
  const p99Us = percentileUs(history, 0.99);
  return p99Us !== undefined && durationUs > ANOMALY_FACTOR * p99Us;
}

function without(counts: LatencyCounts, ownBucket: number, ownCount: number): LatencyCounts {
  if (ownCount <= 0) return counts;
  return counts.flatMap(([bucket, count]) => {
    if (bucket !== ownBucket) return [[bucket, count] as const];
    const left = count - ownCount;
    return left > 0 ? [[bucket, left] as const] : [];
  });
}
