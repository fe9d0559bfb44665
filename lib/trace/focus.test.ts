import { describe, expect, it } from "vitest";
import { makeSpan } from "../../test/spans";
import { focusedRows, focusOn, inFocus, rowOfSpanId } from "./focus";
import { buildOutline } from "./outline";
import { buildTraceTree } from "./tree";

// a 0..100 ─┬─ b 10..60 ─┬─ c 20..30
//           │            └─ d 50..90 (outlasts b: async)
//           └─ e 70..80
// f 200..210 (a second root)
const tree = buildTraceTree([
  makeSpan({ spanId: "a", startUs: 0, durationUs: 100 }),
  makeSpan({ spanId: "b", parentSpanId: "a", startUs: 10, durationUs: 50 }),
  makeSpan({ spanId: "c", parentSpanId: "b", startUs: 20, durationUs: 10 }),
  makeSpan({ spanId: "d", parentSpanId: "b", startUs: 50, durationUs: 40 }),
  makeSpan({ spanId: "e", parentSpanId: "a", startUs: 70, durationUs: 10 }),
  makeSpan({ spanId: "f", startUs: 200, durationUs: 10 }),
]);
const outline = buildOutline(tree);
const ids = (rows: Int32Array) => Array.from(rows, (row) => tree.rows[row]?.span.spanId);
const row = (spanId: string) => rowOfSpanId(tree, spanId) as number;

describe("focusOn", () => {
  it("keeps the path from the root, root first, and spans the window over the whole subtree", () => {
    const focus = focusOn(tree, outline, row("c"));
    expect(ids(focus.ancestors)).toEqual(["a", "b"]);
    expect(focus).toMatchObject({ row: row("c"), startUs: 20, durationUs: 10 });
  });

  it("widens the window to a child that outlasts the focused span", () => {
    expect(focusOn(tree, outline, row("b"))).toMatchObject({ startUs: 10, durationUs: 80 });
  });

  it("has no ancestors on a root, and a second root's window is its own", () => {
    expect(focusOn(tree, outline, row("a")).ancestors.length).toBe(0);
    expect(focusOn(tree, outline, row("f"))).toMatchObject({ startUs: 200, durationUs: 10 });
  });
});

describe("focusedRows", () => {
  it("shows the ancestors, then the subtree, and nothing beside it", () => {
    expect(ids(focusedRows(outline, focusOn(tree, outline, row("b")), new Set()))).toEqual([
      "a",
      "b",
      "c",
      "d",
    ]);
  });

  it("folds inside the subtree, and folding an ancestor hides nothing of the path", () => {
    const focus = focusOn(tree, outline, row("b"));
    expect(ids(focusedRows(outline, focus, new Set([row("b")])))).toEqual(["a", "b"]);
    expect(ids(focusedRows(outline, focus, new Set([row("a")])))).toEqual(["a", "b", "c", "d"]);
  });
});

describe("inFocus", () => {
  it("holds the ancestors and the subtree, not the siblings or other roots", () => {
    const focus = focusOn(tree, outline, row("b"));
    expect(["a", "b", "c", "d", "e", "f"].filter((id) => inFocus(outline, focus, row(id)))).toEqual([
      "a",
      "b",
      "c",
      "d",
    ]);
  });
});

describe("rowOfSpanId", () => {
  it("finds a span's row, and none for an id not in the trace", () => {
    expect(tree.rows[row("d")]?.span.spanId).toBe("d");
    expect(rowOfSpanId(tree, "zz")).toBeUndefined();
  });

  it("opens a Zipkin shared id at its client half", () => {
    const shared = buildTraceTree([
      makeSpan({ spanId: "a", kind: "CLIENT", serviceName: "web" }),
      makeSpan({ spanId: "a", kind: "SERVER", serviceName: "api", shared: true }),
    ]);
    expect(shared.rows[rowOfSpanId(shared, "a") as number]?.span.kind).toBe("CLIENT");
  });
});
