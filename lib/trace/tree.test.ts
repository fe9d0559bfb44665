import { describe, expect, it } from "vitest";
import { readZipkinV2Fixture, ZIPKIN_V2_FIXTURES } from "../../test/fixtures";
import { largeZipkinTrace } from "../../test/large-trace";
import { makeSpan } from "../../test/spans";
import { decodeZipkinV2 } from "../ingest/zipkin/v2";
import type { Span } from "../model/span";
import { buildTraceTree } from "./tree";

function span(
  spanId: string,
  parentSpanId: string | undefined,
  startUs: number,
  extra: Partial<Span> = {},
): Span {
  return makeSpan({ spanId, ...(parentSpanId ? { parentSpanId } : {}), name: spanId, startUs, ...extra });
}

const shape = (spans: Span[]) =>
  buildTraceTree(spans).rows.map(
    (row) => `${"  ".repeat(row.depth)}${row.span.spanId}${row.span.shared ? "*" : ""}`,
  );

describe("buildTraceTree", () => {
  it("orders parents before children and siblings by start time", () => {
    const spans = [span("c", "a", 30), span("a", undefined, 0), span("b", "a", 10), span("d", "b", 12)];
    expect(shape(spans)).toEqual(["a", "  b", "    d", "  c"]);
  });

  it("puts the server half of a shared span under its client half, and the call's children under the server", () => {
    const spans = [
      span("root", undefined, 0),
      span("call", "root", 5, { kind: "CLIENT" }),
      span("call", "root", 6, { kind: "SERVER", shared: true }),
      span("db", "call", 7),
    ];
    expect(shape(spans)).toEqual(["root", "  call", "    call*", "      db"]);
  });

  it("shows spans whose parent is missing as extra roots and marks the trace incomplete", () => {
    const tree = buildTraceTree([span("a", undefined, 0), span("lost", "gone", 5)]);
    expect(tree.rows.map((row) => [row.span.spanId, row.depth, row.orphan])).toEqual([
      ["a", 0, false],
      ["lost", 0, true],
    ]);
    expect(tree).toMatchObject({ rootCount: 2, incomplete: true });
  });

  it("still shows every span of a parent loop, once", () => {
    const tree = buildTraceTree([span("a", "b", 0), span("b", "a", 5)]);
    expect(tree.rows.map((row) => row.span.spanId).sort()).toEqual(["a", "b"]);
    expect(tree.incomplete).toBe(true);
  });

  it("counts children", () => {
    const tree = buildTraceTree([span("a", undefined, 0), span("b", "a", 1), span("c", "a", 2)]);
    expect(tree.rows[0]?.childCount).toBe(2);
    expect(tree.incomplete).toBe(false);
  });
});

/** Every span once, each child right under its parent (or under its own client half, for a shared span). */
function expectEachChildUnderItsParent(spans: Span[]) {
  const traceIds = new Set(spans.map((decoded) => decoded.traceId));
  for (const traceId of traceIds) {
    const traceSpans = spans.filter((decoded) => decoded.traceId === traceId);
    const { rows } = buildTraceTree(traceSpans);
    expect(new Set(rows.map((row) => row.span)).size).toBe(traceSpans.length);
    const ancestors: number[] = []; // depth → index of the latest row at that depth
    rows.forEach((row, index) => {
      if (row.depth > 0) {
        const parentRow = rows[ancestors[row.depth - 1] as number];
        expect(parentRow?.depth).toBe(row.depth - 1);
        const parent = parentRow?.span;
        const underItsClientHalf = row.span.shared && parent?.spanId === row.span.spanId;
        expect(underItsClientHalf || parent?.spanId === row.span.parentSpanId).toBe(true);
      }
      ancestors[row.depth] = index;
    });
  }
}

describe("buildTraceTree on real traces", { tags: ["corpus"] }, () => {
  it.each(ZIPKIN_V2_FIXTURES.map(([path]) => path))(
    "%s: every span once, each child right under its parent",
    (path) => {
      expectEachChildUnderItsParent(decodeZipkinV2(readZipkinV2Fixture(path)).spans);
    },
  );
});

describe("buildTraceTree on generated traces", () => {
  it("a 600-span trace 30 deep: every span once, each child right under its parent", () => {
    expectEachChildUnderItsParent(decodeZipkinV2(largeZipkinTrace("0000000000000000000000000000a600")).spans);
  });

  it("a server half under the client half that shares its id", () => {
    const spans = decodeZipkinV2([
      { traceId: "a1", id: "1", name: "get", kind: "SERVER", timestamp: 1, duration: 100 },
      { traceId: "a1", parentId: "1", id: "2", name: "call", kind: "CLIENT", timestamp: 10, duration: 50 },
      {
        traceId: "a1",
        parentId: "1",
        id: "2",
        name: "call",
        kind: "SERVER",
        shared: true,
        timestamp: 12,
        duration: 40,
      },
    ]).spans;
    expect(spans.some((span) => span.shared)).toBe(true);
    expectEachChildUnderItsParent(spans);
    expect(buildTraceTree(spans).rows.map((row) => row.depth)).toEqual([0, 1, 2]);
  });
});
