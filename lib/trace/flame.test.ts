import { beforeAll, describe, expect, it } from "vitest";
import { readZipkinV2Fixture } from "../../test/fixtures";
import { largeZipkinTrace } from "../../test/large-trace";
import { makeSpan } from "../../test/spans";
import { decodeZipkinV2 } from "../ingest/zipkin/v2";
import type { Span } from "../model/span";
import { type FlameRect, type FlameView, flameRowAt, layoutFlame } from "./flame";
import { summariseTrace } from "./summary";
import { buildTraceTree, type TraceTree } from "./tree";

function span(spanId: string, parentSpanId: string | undefined, startUs: number, durationUs: number): Span {
  return makeSpan({ spanId, ...(parentSpanId ? { parentSpanId } : {}), startUs, durationUs });
}

/** Each rect as [spanId, x, width, depth]. */
function layout(spans: Span[], view: FlameView) {
  const tree = buildTraceTree(spans);
  return layoutFlame(tree, view).map((rect) => [
    tree.rows[rect.row]?.span.spanId,
    rect.x,
    rect.width,
    rect.depth,
  ]);
}

//   1000        1040  1050       1100 µs
//   a ──────────────────────────────
//   b ─────────────    d ───────────
//     c ───
const SMALL = [
  span("a", undefined, 1000, 100),
  span("b", "a", 1000, 40),
  span("c", "b", 1010, 10),
  span("d", "a", 1050, 50),
  span("tick", "c", 1012, 1),
];

describe("layoutFlame", () => {
  it.each([
    {
      name: "the whole trace at 2 px/µs: x is time, one level per depth, a 1 µs span still 2 px wide",
      view: { startUs: 1000, endUs: 1100, width: 200 },
      rects: [
        ["a", 0, 200, 0],
        ["b", 0, 80, 1],
        ["c", 20, 20, 2],
        ["tick", 24, 2, 3],
        ["d", 100, 100, 1],
      ],
    },
    {
      name: "zoomed into 1010–1030 µs: spans crossing the edges are clipped, d after the window is gone",
      view: { startUs: 1010, endUs: 1030, width: 100 },
      rects: [
        ["a", 0, 100, 0],
        ["b", 0, 100, 1],
        ["c", 0, 50, 2],
        ["tick", 10, 5, 3],
      ],
    },
    {
      name: "zoomed out to 0.4 px/µs: the 1 µs tick is sub-pixel and culled",
      view: { startUs: 1000, endUs: 1500, width: 200 },
      rects: [
        ["a", 0, 40, 0],
        ["b", 0, 16, 1],
        ["c", 4, 4, 2],
        ["d", 20, 20, 1],
      ],
    },
    {
      name: "a window ending on a span's start leaves it out rather than drawing it 0 px wide",
      view: { startUs: 900, endUs: 1000, width: 100 },
      rects: [],
    },
    {
      name: "a window of no width draws nothing",
      view: { startUs: 1000, endUs: 1000, width: 100 },
      rects: [],
    },
  ])("$name", ({ view, rects }) => {
    expect(layout(SMALL, view)).toEqual(rects);
  });

  it("draws a forest's roots, the missing parent's child included, side by side on depth 0", () => {
    const spans = [span("a", undefined, 0, 10), span("a1", "a", 2, 4), span("lost", "gone", 10, 10)];
    expect(layout(spans, { startUs: 0, endUs: 20, width: 20 })).toEqual([
      ["a", 0, 10, 0],
      ["a1", 2, 4, 1],
      ["lost", 10, 10, 0],
    ]);
  });

  it("draws an async child that outlives its parent where it ran, past its parent's end", () => {
    const spans = [span("a", undefined, 0, 10), span("later", "a", 5, 15)];
    expect(layout(spans, { startUs: 0, endUs: 20, width: 40 })).toEqual([
      ["a", 0, 20, 0],
      ["later", 10, 30, 1],
    ]);
  });
});

/** How many child rects were checked to lie inside their parent's rect, one level down. */
function checkNesting(tree: TraceTree, view: FlameView): number {
  const rectOf = new Map<number, FlameRect>(layoutFlame(tree, view).map((rect) => [rect.row, rect]));
  const end = (s: Span) => s.startUs + s.durationUs;
  const ancestors: number[] = [];
  let nested = 0;
  tree.rows.forEach(({ span: child, depth }, row) => {
    ancestors.length = depth;
    const parentRow = ancestors[depth - 1];
    ancestors.push(row);
    const rect = rectOf.get(row);
    if (parentRow === undefined || rect === undefined) return;
    const parent = tree.rows[parentRow]?.span as Span;
    if (child.startUs < parent.startUs || end(child) > end(parent)) return; // async: may poke out
    const parentRect = rectOf.get(parentRow) ?? { x: Number.NaN, width: Number.NaN, depth: Number.NaN };
    expect(parentRect.depth).toBe(rect.depth - 1);
    expect(rect.x).toBeGreaterThanOrEqual(parentRect.x - 1e-9);
    expect(rect.x + rect.width).toBeLessThanOrEqual(parentRect.x + parentRect.width + 1e-9);
    nested++;
  });
  return nested;
}

describe("layoutFlame on smartthings-mobile-web-install (957 spans, 39 levels)", { tags: ["corpus"] }, () => {
  let tree: TraceTree;
  let root: Span;
  beforeAll(() => {
    const spans = readZipkinV2Fixture("zipkin/lens-testdata/smartthings-mobile-web-install.json");
    tree = buildTraceTree(decodeZipkinV2(spans).spans);
    root = tree.rows[0]?.span as Span;
  });

  it("spans the full width with the root when zoomed to the root's 37 ms", () => {
    const view = { startUs: root.startUs, endUs: root.startUs + root.durationUs, width: 1000 };
    expect(layoutFlame(tree, view)[0]).toEqual({ row: 0, x: 0, width: 1000, depth: 0 });
    expect(checkNesting(tree, view)).toBeGreaterThan(10);
  });

  it("nests every child that ran within its parent inside the parent's rect, one level down", () => {
    const stats = summariseTrace(tree);
    expect(
      checkNesting(tree, { startUs: stats.startUs, endUs: stats.endUs, width: 1_000_000 }),
    ).toBeGreaterThan(500);
  });
  it("culls the 37 ms root when the whole 306 s session is in view, keeping what ran later", () => {
    const stats = summariseTrace(tree);
    const width = 1000;
    const rects = layoutFlame(tree, { startUs: stats.startUs, endUs: stats.endUs, width });
    expect(rects.some((rect) => rect.row === 0)).toBe(false);
    expect(rects.length).toBeGreaterThan(0);
    expect(rects.length).toBeLessThan(tree.rows.length);
    for (const rect of rects) {
      expect(rect.x).toBeGreaterThanOrEqual(0);
      expect(rect.x + rect.width).toBeLessThanOrEqual(width);
    }
    expect(Math.max(...rects.map((rect) => rect.x + rect.width))).toBeCloseTo(width, 9);
  });
});

describe("layoutFlame on a generated 600-span trace, 30 levels", () => {
  const tree = buildTraceTree(decodeZipkinV2(largeZipkinTrace("0000000000000000000000000000a600")).spans);
  const root = tree.rows[0]?.span as Span;

  it("spans the full width with the root and nests every child inside its parent, one level down", () => {
    const view = { startUs: root.startUs, endUs: root.startUs + root.durationUs, width: 1_000_000 };
    const rects = layoutFlame(tree, view);
    expect(rects[0]).toEqual({ row: 0, x: 0, width: 1_000_000, depth: 0 });
    // Every child here ran within its parent: each rect drawn but the root's was checked.
    expect(rects.length).toBeGreaterThan(400);
    expect(checkNesting(tree, view)).toBe(rects.length - 1);
  });

  it("culls what is out of view when zoomed into the root's last tenth", () => {
    const view = {
      startUs: root.startUs + root.durationUs * 0.9,
      endUs: root.startUs + root.durationUs,
      width: 1000,
    };
    const rects = layoutFlame(tree, view);
    expect(rects.length).toBeGreaterThan(0);
    expect(rects.length).toBeLessThan(tree.rows.length);
    for (const rect of rects) {
      expect(rect.x).toBeGreaterThanOrEqual(0);
      expect(rect.x + rect.width).toBeLessThanOrEqual(1000 + 1e-9);
    }
  });
});

describe("flameRowAt", () => {
  const rects: FlameRect[] = [
    { row: 0, x: 0, width: 100, depth: 0 },
    { row: 1, x: 10, width: 50, depth: 1 },
    { row: 2, x: 40, width: 30, depth: 1 },
  ];
  it.each([
    { name: "a point on one rect", x: 20, depth: 1, row: 1 },
    { name: "where concurrent siblings overlap, the later one, drawn on top", x: 45, depth: 1, row: 2 },
    { name: "a rect's right edge belongs to what follows it", x: 70, depth: 1, row: undefined },
    { name: "a level with no rects", x: 20, depth: 2, row: undefined },
  ])("$name", ({ x, depth, row }) => {
    expect(flameRowAt(rects, x, depth)).toBe(row);
  });
});
