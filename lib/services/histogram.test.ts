import { describe, expect, it } from "vitest";
import { MAX_DURATION_US } from "../model/span";
import {
  baselineOf,
  bucketLowerUs,
  bucketOf,
  bucketUpperUs,
  countsOf,
  isAnomalous,
  LAST_BUCKET,
  percentileUs,
  rankOf,
  subtractCounts,
} from "./histogram";

const MS = 1_000;
/** 30 calls from 8 to 12 ms, evenly spread. */
const NORMAL_US = Array.from({ length: 30 }, (_, i) => Math.round(8 * MS + (i * 4 * MS) / 29));
/** What percentileUs reads from the bucket of this duration: the longest duration it holds. */
/** The end of the last bucket, past which no bound goes. */
const LAST_UPPER_US = bucketUpperUs(LAST_BUCKET);
const topOfBucketUs = (durationUs: number) => bucketUpperUs(bucketOf(durationUs)) - 1;

describe("bucketOf", () => {
  it.each([
    ["zero", 0, 0],
    ["one microsecond", 1, 8],
    ["a millisecond", 1 * MS, 79],
    ["ten milliseconds", 10 * MS, 106],
    ["an hour", 3_600_000_000, 253],
    ["a day", 86_400_000_000, 290],
    ["a negative duration (clock skew) as zero", -5, 0],
    ["no duration (NaN) as zero", Number.NaN, 0],
    ["a year, the longest a span may last, as the last bucket", MAX_DURATION_US, LAST_BUCKET],
    ["2^53 − 1 µs, stored by older versions, as the last bucket", Number.MAX_SAFE_INTEGER, LAST_BUCKET],
  ])("puts %s in its bucket", (_name, durationUs, bucket) => {
    expect(bucketOf(durationUs)).toBe(bucket);
  });

  it("keeps every bucket from a millisecond up within ~9% of its durations", () => {
    for (let bucket = bucketOf(1 * MS); bucket <= 300; bucket++) {
      expect(bucketUpperUs(bucket) / bucketLowerUs(bucket)).toBeLessThan(1.1);
    }
  });
});

describe("bucket bounds", () => {
  it("agree with bucketOf at every edge, including the floating-point ones", () => {
    for (let bucket = 0; bucket < LAST_BUCKET; bucket++) {
      const lowerUs = bucketLowerUs(bucket);
      const upperUs = bucketUpperUs(bucket);
      expect(upperUs).toBeGreaterThanOrEqual(lowerUs);
      if (upperUs > lowerUs) {
        expect(bucketOf(lowerUs)).toBe(bucket);
        expect(bucketOf(upperUs - 1)).toBe(bucket);
      }
      expect(bucketOf(upperUs)).toBeGreaterThan(bucket);
    }
  });

  it("are the exact edges a search over whole µs finds, for every bucket", () => {
    // The smallest us with floor(8 log2(us + 1)) ≥ bucket, by bisection: the formula only grows.
    const edgeUs = (bucket: number) => {
      let [low, high] = [0, 2 ** 47];
      while (low < high) {
        const middle = Math.floor((low + high) / 2);
        if (Math.floor(8 * Math.log2(middle + 1)) >= bucket) high = middle;
        else low = middle + 1;
      }
      return low;
    };
    for (let bucket = 0; bucket <= LAST_BUCKET + 1; bucket++) {
      expect(bucketLowerUs(bucket), `bucket ${bucket}`).toBe(edgeUs(bucket));
    }
  });

  it.each([
    ["a negative bucket", -3, 0, 1],
    ["a NaN bucket", Number.NaN, 0, 1],
    ["a bucket past the last, as older versions stored", 424, LAST_UPPER_US, LAST_UPPER_US],
    ["a smallint's largest bucket", 32_767, LAST_UPPER_US, LAST_UPPER_US],
    ["an infinite bucket", Number.POSITIVE_INFINITY, LAST_UPPER_US, LAST_UPPER_US],
  ])("are safe integers for %s", (_name, bucket, lowerUs, upperUs) => {
    expect([bucketLowerUs(bucket), bucketUpperUs(bucket)]).toEqual([lowerUs, upperUs]);
  });

  it.each([
    ["a power of two", 8],
    ["a millisecond", 1 * MS],
    ["an odd duration", 12_345],
  ])("hold %s", (_name, durationUs) => {
    const bucket = bucketOf(durationUs);
    expect(bucketLowerUs(bucket)).toBeLessThanOrEqual(durationUs);
    expect(bucketUpperUs(bucket)).toBeGreaterThan(durationUs);
  });
});

describe("percentileUs", () => {
  it.each([
    ["the median of one call is that call's bucket", [5 * MS], 0.5, topOfBucketUs(5 * MS)],
    ["p99 of 31 calls is the slowest", [...NORMAL_US, 400 * MS], 0.99, topOfBucketUs(400 * MS)],
    ["p50 takes the nearest rank", [1 * MS, 2 * MS, 3 * MS], 0.5, topOfBucketUs(2 * MS)],
    ["p0 is the fastest", [1 * MS, 2 * MS, 3 * MS], 0, topOfBucketUs(1 * MS)],
    ["p100 is the slowest", [1 * MS, 2 * MS, 3 * MS], 1, topOfBucketUs(3 * MS)],
  ])("%s", (_name, durationsUs, fraction, expectedUs) => {
    expect(percentileUs(countsOf(durationsUs), fraction)).toBe(expectedUs);
  });

  it("is an upper bound at most ~9% above the true value", () => {
    const p50Us = percentileUs(countsOf(NORMAL_US), 0.5) as number;
    const trueUs = NORMAL_US[14] as number;
    expect(p50Us).toBeGreaterThanOrEqual(trueUs);
    expect(p50Us / trueUs).toBeLessThan(1.1);
  });

  it("is undefined without history", () => {
    expect(percentileUs([], 0.5)).toBeUndefined();
  });
});

describe("rankOf", () => {
  const counts = countsOf([1 * MS, 2 * MS, 3 * MS, 4 * MS]);
  it.each([
    ["faster than everything", 10, 0],
    ["slower than everything", 1_000 * MS, 1],
    ["in a bucket of its own between two", 2_500, 0.5],
    ["counting half of its own bucket", 2 * MS, 0.375],
  ])("%s", (_name, durationUs, rank) => {
    expect(rankOf(counts, durationUs)).toBe(rank);
  });

  it("is the middle without history", () => {
    expect(rankOf([], 5 * MS)).toBe(0.5);
  });
});

describe("baselineOf", () => {
  it("gives the count, median and p99", () => {
    expect(baselineOf(countsOf([...NORMAL_US, 400 * MS]))).toEqual({
      count: 31,
      p50Us: topOfBucketUs(NORMAL_US[15] as number),
      p99Us: topOfBucketUs(400 * MS),
    });
  });

  it("is undefined without history", () => {
    expect(baselineOf([])).toBeUndefined();
  });
});

describe("isAnomalous", () => {
  const stored = countsOf([...NORMAL_US, 400 * MS]);
  it.each([
    ["a call 40× the others, judged against them", stored, 400 * MS, 1, true],
    ["a normal call, the slow one in its history", stored, 10 * MS, 1, false],
    ["the slowest normal call", stored, 12 * MS, 1, false],
    [
      "a slow call with only 19 calls besides it",
      countsOf([...NORMAL_US.slice(0, 19), 400 * MS]),
      400 * MS,
      1,
      false,
    ],
    [
      "a slow call with exactly 20 calls besides it",
      countsOf([...NORMAL_US.slice(0, 20), 400 * MS]),
      400 * MS,
      1,
      true,
    ],
    ["a call not in the history (ownCount 0)", countsOf(NORMAL_US), 400 * MS, 0, true],
    [
      "twice the slowest call, within twice the p99's bucket bound",
      countsOf(NORMAL_US),
      2 * 12 * MS,
      0,
      false,
    ],
    ["a call well over twice the p99", countsOf(NORMAL_US), 30 * MS, 0, true],
    ["any call without history", [], 400 * MS, 0, false],
  ] as const)("%s", (_name, counts, durationUs, ownCount, anomalous) => {
    expect(isAnomalous(counts, durationUs, ownCount)).toBe(anomalous);
  });

  it("judges exactly the slow call anomalous among 31 stored calls", () => {
    const durationsUs = [...NORMAL_US, 400 * MS];
    expect(durationsUs.filter((durationUs) => isAnomalous(stored, durationUs))).toEqual([400 * MS]);
  });
});

describe("subtractCounts", () => {
  it("takes a trace's own spans out of a history, bucket by bucket, never below zero", () => {
    const history = countsOf([10_000, 10_000, 10_000, 400_000]);
    expect(subtractCounts(history, countsOf([10_000, 400_000]))).toEqual(countsOf([10_000, 10_000]));
    expect(subtractCounts(history, countsOf([400_000, 400_000, 5]))).toEqual(
      countsOf([10_000, 10_000, 10_000]),
    );
  });
});
