import { describe, expect, it } from "vitest";
import { bucketFloor, bucketLabel, rankAttributeDiff, type ValueCounts } from "./attribute-diff";

const row = (
  key: string,
  value: string,
  selection: number,
  baseline: number,
  more: Partial<ValueCounts> = {},
) => ({ source: "span", key, value, numeric: false, selection, baseline, ...more }) satisfies ValueCounts;

describe("bucketFloor and bucketLabel", () => {
  it.each([
    ["zero is its own bucket", 0, 0, "0"],
    ["an exact power of two starts its bucket", 256, 256, "256–512"],
    ["just under a power of two", 511.9, 256, "256–512"],
    ["one", 1, 1, "1–2"],
    ["a fraction", 0.3, 0.25, "0.25–0.5"],
    ["a negative number, by its magnitude", -300, -256, "-512–-256"],
    ["a large power of two, where log2 may round", 2 ** 50, 2 ** 50, `${2 ** 50}–${2 ** 51}`],
    ["just under a large power of two", 2 ** 50 - 1, 2 ** 49, `${2 ** 49}–${2 ** 50}`],
  ])("%s", (_name, value, floor, label) => {
    expect(bucketFloor(value)).toBe(floor);
    expect(bucketLabel(bucketFloor(value))).toBe(label);
  });
});

describe("rankAttributeDiff", () => {
  const sizes = { selection: 10, baseline: 90 };

  it("ranks the values commoner in the selection first, by the difference of the fractions", () => {
    const ranked = rankAttributeDiff(
      [
        row("region", "us", 1, 60),
        row("service.version", "2.1", 9, 9, { source: "resource" }),
        row("region", "eu", 9, 30),
        row("cache", "hit", 5, 45),
      ],
      sizes,
    );
    expect(ranked.map((entry) => `${entry.key}=${entry.value}`)).toEqual([
      "service.version=2.1",
      "region=eu",
      "cache=hit",
      "region=us",
    ]);
    expect(ranked[0]).toEqual({
      key: "service.version",
      value: "2.1",
      source: "resource",
      selection: 0.9,
      baseline: 0.1,
      tag: "service.version=2.1",
    });
  });

  it("never puts a value equally common in both above one commoner in the selection", () => {
    const ranked = rankAttributeDiff([row("everywhere", "x", 10, 90), row("rare", "y", 1, 0)], sizes);
    expect(ranked[0]?.key).toBe("rare");
  });

  it("breaks ties by the selection's fraction, then by key and value", () => {
    const ranked = rankAttributeDiff(
      [row("b", "1", 5, 45), row("a", "2", 5, 45), row("a", "1", 5, 45), row("c", "1", 10, 90)],
      sizes,
    );
    expect(ranked.map((entry) => `${entry.key}=${entry.value}`)).toEqual(["c=1", "a=1", "a=2", "b=1"]);
  });

  it("labels a numeric bucket as a range, without a tag", () => {
    const [entry] = rankAttributeDiff([row("db.rows", "1024", 8, 2, { numeric: true })], sizes);
    expect(entry).toEqual({
      key: "db.rows",
      value: "1024–2048",
      source: "span",
      selection: 0.8,
      baseline: 2 / 90,
    });
  });

  it("gives no tag to intrinsics nor to the service's name, and quotes values as logfmt", () => {
    const ranked = rankAttributeDiff(
      [
        row("kind", "SERVER", 1, 0, { source: "intrinsic" }),
        row("service.name", "shop", 2, 0, { source: "resource" }),
        row("note", 'two "words"', 3, 0),
      ],
      sizes,
    );
    expect(ranked.map((entry) => entry.tag)).toEqual(['note="two \\"words\\""', undefined, undefined]);
  });

  it("leaves out keys whose values are nearly all distinct, and id keys", () => {
    const paths = Array.from({ length: 100 }, (_, i) => row("http.path", `/item/${i}`, 1, 0));
    const ranked = rankAttributeDiff(
      [...paths, row("trace_id", "abc", 10, 0), row("region", "eu", 2, 0)],
      sizes,
    );
    expect(ranked.map((entry) => entry.key)).toEqual(["region"]);
  });

  it("keeps a key of few values even when each is seen once", () => {
    const ranked = rankAttributeDiff([row("tier", "gold", 1, 0), row("tier", "silver", 0, 1)], sizes);
    expect(ranked).toHaveLength(2);
  });

  it("answers fractions of 0 for an empty group, not NaN", () => {
    const [entry] = rankAttributeDiff([row("region", "eu", 3, 0)], { selection: 3, baseline: 0 });
    expect(entry).toMatchObject({ selection: 1, baseline: 0 });
    expect(rankAttributeDiff([row("region", "eu", 0, 3)], { selection: 0, baseline: 3 })[0]).toMatchObject({
      selection: 0,
      baseline: 1,
    });
  });

  it("answers at most `limit` values", () => {
    const rows = Array.from({ length: 10 }, (_, i) => row("k", String(i), i, 0));
    expect(rankAttributeDiff(rows, sizes, 3).map((entry) => entry.value)).toEqual(["9", "8", "7"]);
  });
});
