import { describe, expect, it } from "vitest";
import { readZipkinV2Fixture } from "../../test/fixtures";
import { largeZipkinTrace } from "../../test/large-trace";
import { makeSpan } from "../../test/spans";
import { decodeZipkinV2 } from "../ingest/zipkin/v2";
import {
  buildOutline,
  collapsedBelow,
  descendantCount,
  hasChildren,
  maxDepth,
  reveal,
  rowPositions,
  visibleRows,
} from "./outline";
import { buildTraceTree, type TraceTree } from "./tree";

// a ─┬─ b ─── c
//    └─ d
// e (a second root)
const tree = buildTraceTree([
  makeSpan({ spanId: "a", startUs: 0 }),
  makeSpan({ spanId: "b", parentSpanId: "a", startUs: 1 }),
  makeSpan({ spanId: "c", parentSpanId: "b", startUs: 2 }),
  makeSpan({ spanId: "d", parentSpanId: "a", startUs: 3 }),
  makeSpan({ spanId: "e", startUs: 4 }),
]);
const outline = buildOutline(tree);
const ids = (rows: Int32Array) => Array.from(rows, (row) => tree.rows[row]?.span.spanId);

describe("buildOutline", () => {
  it("gives each row its parent and the end of its subtree", () => {
    expect(ids(new Int32Array(tree.rows.map((_, i) => i)))).toEqual(["a", "b", "c", "d", "e"]);
    expect(Array.from(outline.parent)).toEqual([-1, 0, 1, 0, -1]);
    expect(Array.from(outline.subtreeEnd)).toEqual([4, 3, 3, 4, 5]);
    expect(hasChildren(outline, 0)).toBe(true);
    expect(hasChildren(outline, 2)).toBe(false);
    expect(maxDepth(outline)).toBe(2);
  });

  it("agrees with the tree on a real trace", { tags: ["corpus"] }, () => {
    const spans = readZipkinV2Fixture("zipkin/lens-testdata/smartthings-mobile-web-install.json");
    expectOutlineAgreesWithTree(buildTraceTree(decodeZipkinV2(spans).spans));
  });

  it("agrees with the tree on a generated 600-span trace", () => {
    expectOutlineAgreesWithTree(
      buildTraceTree(decodeZipkinV2(largeZipkinTrace("0000000000000000000000000000a600")).spans),
    );
  });
});

/** Every row's parent is the nearest shallower row before it; each root's subtree runs to the next root. */
function expectOutlineAgreesWithTree(big: TraceTree) {
  const { parent, subtreeEnd } = buildOutline(big);
  big.rows.forEach((row, i) => {
    const p = parent[i] as number;
    if (row.depth === 0) expect(p).toBe(-1);
    else {
      expect(big.rows[p]?.depth).toBe(row.depth - 1);
      expect(subtreeEnd[p]).toBeGreaterThan(i);
    }
  });
  const roots = big.rows.flatMap((row, i) => (row.depth === 0 ? [i] : []));
  expect(roots.map((root) => subtreeEnd[root])).toEqual([...roots.slice(1), big.rows.length]);
}

describe("visibleRows", () => {
  it("shows every row when nothing is collapsed", () => {
    expect(ids(visibleRows(outline, new Set()))).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("hides a collapsed row's subtree and keeps the row", () => {
    expect(ids(visibleRows(outline, new Set([1])))).toEqual(["a", "b", "d", "e"]);
    expect(ids(visibleRows(outline, new Set([0])))).toEqual(["a", "e"]);
  });

  it("shows only a subtree's rows when given its range", () => {
    expect(ids(visibleRows(outline, new Set(), 1, 3))).toEqual(["b", "c"]);
    expect(ids(visibleRows(outline, new Set([1]), 0, 4))).toEqual(["a", "b", "d"]);
    expect(ids(visibleRows(outline, new Set(), 4, 5))).toEqual(["e"]);
  });
});

describe("rowPositions", () => {
  it("places each shown row in the list, and none of the hidden ones", () => {
    expect(Array.from(rowPositions(visibleRows(outline, new Set([1])), 5))).toEqual([0, 1, -1, 2, 3]);
  });
});

describe("descendantCount", () => {
  it("counts every row under a row, children and their children, and none under a leaf", () => {
    expect([0, 1, 2, 3, 4].map((row) => descendantCount(outline, row))).toEqual([3, 1, 0, 0, 0]);
  });

  it("is what folding a row hides, on every row of a generated 600-span trace", () => {
    const big = buildTraceTree(decodeZipkinV2(largeZipkinTrace("0000000000000000000000000000a601")).spans);
    const bigOutline = buildOutline(big);
    const all = visibleRows(bigOutline, new Set()).length;
    for (let row = 0; row < big.rows.length; row += 37) {
      expect(all - visibleRows(bigOutline, new Set([row])).length).toBe(descendantCount(bigOutline, row));
    }
  });
});

describe("collapsedBelow", () => {
  it("folds the tree to a depth", () => {
    expect(ids(visibleRows(outline, collapsedBelow(outline, 0)))).toEqual(["a", "e"]);
    expect(ids(visibleRows(outline, collapsedBelow(outline, 1)))).toEqual(["a", "b", "d", "e"]);
    expect(collapsedBelow(outline, 2).size).toBe(0);
  });
});

describe("reveal", () => {
  it("expands the ancestors of a row and nothing else", () => {
    const collapsed = new Set([0, 1]);
    expect([...reveal(outline, collapsed, 2)]).toEqual([]);
    expect([...reveal(outline, collapsed, 3)]).toEqual([1]);
    expect(collapsed.size).toBe(2);
  });
});
