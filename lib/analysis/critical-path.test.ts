import { describe, expect, it } from "vitest";
import {
  analysisTree,
  msAfterT0,
  nameOf,
  span,
  T0_US,
  TRACES,
  type TraceName,
} from "../../test/analysis-traces";
import { readFixture, readZipkinV2Fixture } from "../../test/fixtures";
import { largeZipkinTrace } from "../../test/large-trace";
import { decodeJaegerJson } from "../ingest/jaeger/json";
import { decodeZipkinV2 } from "../ingest/zipkin/v2";
import type { Span } from "../model/span";
import { applySkewCorrection, correctClockSkew } from "../trace/skew";
import { buildTraceTree, type TraceTree } from "../trace/tree";
import { criticalPath, drivingRoot } from "./critical-path";

/** [span name, start ms, end ms] of each segment, in order. */
type Path = [name: string, startMs: number, endMs: number][];

function pathOf(tree: TraceTree): Path {
  return criticalPath(tree).segments.map((segment) => [
    nameOf(tree, segment.row),
    msAfterT0(segment.startUs),
    msAfterT0(segment.endUs),
  ]);
}

const sum = (values: ArrayLike<number>) => Array.from(values).reduce((total, value) => total + value, 0);

/** What holds of any trace's path: in time order, tiling the driving root, each segment within its span. */
function expectPathInvariants(tree: TraceTree) {
  const { segments, criticalUs } = criticalPath(tree);
  const spans = tree.rows.map((row) => row.span);
  const traceStartUs = Math.min(...spans.map((s) => s.startUs));
  const traceEndUs = Math.max(...spans.map((s) => s.startUs + s.durationUs));
  expect(segments.length).toBeGreaterThan(10);
  segments.forEach((segment, i) => {
    const own = spans[segment.row] as Span;
    expect(segment.endUs).toBeGreaterThan(segment.startUs);
    expect(segment.startUs).toBeGreaterThanOrEqual(Math.max(traceStartUs, own.startUs));
    expect(segment.endUs).toBeLessThanOrEqual(Math.min(traceEndUs, own.startUs + own.durationUs));
    const next = segments[i + 1];
    if (next) expect(next.startUs).toBe(segment.endUs); // in time order, tiling without overlap
  });
  expect(sum(criticalUs)).toBeLessThanOrEqual(traceEndUs - traceStartUs);
  expect(sum(criticalUs)).toBe(spans[drivingRoot(tree) ?? 0]?.durationUs);
  criticalUs.forEach((us, row) => {
    expect(us).toBeLessThanOrEqual((spans[row] as Span).durationUs);
  });
}

describe("criticalPath on the shared traces (skew-corrected first)", () => {
  it.each<[TraceName, Path]>([
    ["single span", [["root", 0, 80]]],
    [
      "sequential children",
      [
        ["root", 0, 10],
        ["a", 10, 40],
        ["b", 40, 70],
        ["c", 70, 90],
        ["root", 90, 100],
      ],
    ],
    [
      "overlapping siblings",
      [
        ["root", 0, 50],
        ["b", 50, 90],
        ["root", 90, 100],
      ],
    ],
    [
      "async child outlives its parent",
      [
        ["root", 0, 60],
        ["job", 60, 100],
      ],
    ],
    [
      "producer/consumer",
      [
        ["root", 0, 10],
        ["publish", 10, 20],
        ["root", 20, 100],
      ],
    ],
    ["follows-from", [["root", 0, 100]]],
    [
      "missing parent",
      [
        ["retry", 80, 90],
        ["b", 90, 140],
        ["retry", 140, 150],
      ],
    ],
    [
      "clock skew",
      [
        ["root", 0, 10],
        ["call", 10, 20],
        ["handle", 20, 80],
        ["call", 80, 90],
        ["root", 90, 100],
      ],
    ],
    [
      "zero-duration spans",
      [
        ["root", 0, 60],
        ["a", 60, 80],
        ["root", 80, 100],
      ],
    ],
    ["zero-duration trace", []],
    [
      "login",
      [
        ["POST /oauth2/token", 0, 5],
        ["bcrypt", 5, 75],
        ["POST /oauth2/token", 75, 76],
        ["SELECT users", 76, 78],
        ["POST /oauth2/token", 78, 80],
      ],
    ],
  ])("%s", (name, expected) => {
    const tree = analysisTree(TRACES[name]);
    expect(pathOf(tree)).toEqual(expected);
    const { criticalUs } = criticalPath(tree);
    const root = tree.rows[drivingRoot(tree) ?? 0]?.span;
    expect(sum(criticalUs)).toBe(root?.durationUs);
  });

  it("login: bcrypt holds 70 of the 80 ms, the root 8 and the query 2", () => {
    const { criticalUs } = criticalPath(analysisTree(TRACES.login));
    expect(Array.from(criticalUs)).toEqual([8_000, 70_000, 2_000]);
    expect(criticalUs[1]).toBeGreaterThanOrEqual(65_000);
  });

  it("clock skew: without the correction the skewed handler is clipped to the call's first 10 ms", () => {
    expect(pathOf(buildTraceTree(TRACES["clock skew"]))).toEqual([
      ["root", 0, 10],
      ["handle", 10, 20],
      ["call", 20, 90],
      ["root", 90, 100],
    ]);
  });
});

describe("criticalPath on Jaeger UI's own critical-path cases", () => {
  it.each<[string, Span[], Path]>([
    [
      // CriticalPath/testCases/happyTrace.json: A ends after C starts, so only C, then D, hold X up.
      "the happy trace",
      [
        span("X", undefined, 1, 9),
        span("A", "X", 2, 4),
        span("B", "A", 4, 1),
        span("C", "X", 3, 4),
        span("D", "X", 8, 1),
      ],
      [
        ["X", 1, 3],
        ["C", 3, 7],
        ["X", 7, 8],
        ["D", 8, 9],
        ["X", 9, 10],
      ],
    ],
    [
      // test6: B outlives A and is clipped to it; C, B's child, starts before B and is clipped to B.
      "a child that outlives its parent with a grandchild that starts before it",
      [span("A", undefined, 1, 29), span("B", "A", 15, 20), span("C", "B", 10, 15)],
      [
        ["A", 1, 15],
        ["C", 15, 25],
        ["B", 25, 30],
      ],
    ],
    [
      // test7: the same chain, each clipped to the clipped parent.
      "a chain where each child outlives its parent",
      [span("A", undefined, 1, 29), span("B", "A", 15, 20), span("C", "B", 20, 20)],
      [
        ["A", 1, 15],
        ["B", 15, 20],
        ["C", 20, 30],
      ],
    ],
    [
      // test8: a child that starts before its parent and ends after it covers all of it.
      "a child that covers its whole parent",
      [span("A", undefined, 10, 20), span("B", "A", 5, 30)],
      [["B", 10, 30]],
    ],
    [
      "a child that ends before its parent starts (test9)",
      [span("A", undefined, 10, 20), span("B", "A", 1, 4)],
      [["A", 10, 30]],
    ],
    [
      "a child that starts after its parent ended (test4)",
      [span("A", undefined, 1, 30), span("B", "A", 40, 40), span("C", "B", 50, 10)],
      [["A", 1, 31]],
    ],
  ])("%s", (_, spans, expected) => {
    // Jaeger UI does not correct clock skew: compare on the tree as recorded.
    expect(pathOf(buildTraceTree(spans))).toEqual(expected);
  });
});

describe("criticalPath on real fixtures", { tags: ["corpus"] }, () => {
  const jaegerTree = (path: string) => buildTraceTree(decodeJaegerJson(readFixture(path)).spans);

  it.each<[string, string, [row: number, startUs: number, endUs: number][]]>([
    [
      // Each span starts as its parent ends (span-7 → span-8 is also PRODUCER → CONSUMER): none held
      // its parent up, so the root's 60 ms are all its own. Upstream has no expectation for this
      // file (its TraceCriticalPath test renders a flame graph); this is the rule Jaeger UI applies.
      "a chain of spans that each start as their parent ends",
      "jaeger-ui/criticalpath-testTrace.json",
      [[0, 1_542_666_452_979_000, 1_542_666_453_039_000]],
    ],
    [
      // Jaeger UI's CriticalPath testCases/test3 expects exactly this: the root alone, 100–140.
      "a single child that starts after its parent ended",
      "jaeger-ui/stats-traceWithSingleChildLongerThanParentAndStartsAfterParent.json",
      [[0, 100, 140]],
    ],
    [
      "a short child, then two that start after their parent ended",
      "jaeger-ui/stats-traceWithOverlappingChildrenLongerThanParent.json",
      [
        [0, 100, 115],
        [1, 115, 125],
        [0, 125, 140],
      ],
    ],
  ])("%s (%s)", (_, path, expected) => {
    const { segments } = criticalPath(jaegerTree(path));
    expect(segments.map(({ row, startUs, endUs }) => [row, startUs, endUs])).toEqual(expected);
  });

  it.each(["as recorded", "skew-corrected"])(
    "keeps its invariants on the 957-span SmartThings trace, %s",
    (how) => {
      const tree = buildTraceTree(
        decodeZipkinV2(readZipkinV2Fixture("zipkin/lens-testdata/smartthings-mobile-web-install.json")).spans,
      );
      expectPathInvariants(
        how === "skew-corrected" ? applySkewCorrection(tree, correctClockSkew(tree)) : tree,
      );
    },
  );
});

describe("criticalPath on large and deep traces", () => {
  it.each(["as recorded", "skew-corrected"])(
    "keeps its invariants on a generated 600-span trace, %s",
    (how) => {
      const tree = buildTraceTree(decodeZipkinV2(largeZipkinTrace("0000000000000000000000000000a600")).spans);
      expectPathInvariants(
        how === "skew-corrected" ? applySkewCorrection(tree, correctClockSkew(tree)) : tree,
      );
    },
  );

  it("walks a 50,000-deep chain without recursion", () => {
    const depth = 50_000;
    // Each span 1 µs inside its parent at both ends.
    const chain = Array.from({ length: depth }, (_, i) =>
      span(`s${i}`, i === 0 ? undefined : `s${i - 1}`, 0, 0, {
        startUs: T0_US + i,
        durationUs: 100_000 - 2 * i,
      }),
    );
    const { segments, criticalUs } = criticalPath(buildTraceTree(chain));
    expect(segments).toHaveLength(2 * depth - 1);
    expect(sum(criticalUs)).toBe(100_000);
  });
});
