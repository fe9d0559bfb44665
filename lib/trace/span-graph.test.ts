import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extremeTrace } from "../../test/extreme-values";
import { makeSpan } from "../../test/spans";
import { selfTimes } from "../analysis/self-time";
import type { Span } from "../model/span";
import { buildOutline } from "./outline";
import { OTHER_NODE, type SpanGraphGrouping, spanGraph } from "./span-graph";
import { buildTraceTree, type TraceTree } from "./tree";

/**
 * web GET /checkout 0–100
 * ├── web call api 5–45          └── api GET /items 10–40
 * │                                  ├── api SELECT 12–20, 21–27, 28–33 (error)
 * ├── web call api 50–80 (error)  └── api GET /items 52–78 (error)
 * │                                  └── api SELECT 55–95 (async, outlives its parent)
 * └── web render 85–95
 */
function checkoutTrace(): Span[] {
  const span = (
    id: number,
    parent: number | undefined,
    service: string,
    name: string,
    from: number,
    to: number,
    error = false,
  ) =>
    makeSpan({
      spanId: id.toString(16).padStart(16, "0"),
      ...(parent === undefined ? {} : { parentSpanId: parent.toString(16).padStart(16, "0") }),
      serviceName: service,
      name,
      startUs: from,
      durationUs: to - from,
      status: error ? { code: "ERROR" } : { code: "UNSET" },
    });
  return [
    span(1, undefined, "web", "GET /checkout", 0, 100),
    span(2, 1, "web", "call api", 5, 45),
    span(3, 2, "api", "GET /items", 10, 40),
    span(4, 3, "api", "SELECT", 12, 20),
    span(5, 3, "api", "SELECT", 21, 27),
    span(6, 3, "api", "SELECT", 28, 33, true),
    span(7, 1, "web", "call api", 50, 80, true),
    span(8, 7, "api", "GET /items", 52, 78, true),
    span(9, 8, "api", "SELECT", 55, 95),
    span(10, 1, "web", "render", 85, 95),
  ];
}

function graphOf(spans: Span[], grouping: SpanGraphGrouping = "operation", maxNodes?: number) {
  const tree = buildTraceTree(spans);
  return { tree, graph: spanGraph(tree, selfTimes(tree), grouping, maxNodes) };
}

const rowOf = (tree: TraceTree, spanId: number) =>
  tree.rows.findIndex(({ span }) => span.spanId === spanId.toString(16).padStart(16, "0"));

describe("spanGraph", () => {
  it("makes one node per operation, root first, with its spans, errors, total and self time", () => {
    const { tree, graph } = graphOf(checkoutTrace());
    expect(
      graph.nodes.map(({ id, spanCount, errorCount, totalUs, selfUs }) => ({
        id,
        spanCount,
        errorCount,
        totalUs,
        selfUs,
      })),
    ).toEqual([
      { id: "web\u0000GET /checkout", spanCount: 1, errorCount: 0, totalUs: 100, selfUs: 100 - 40 - 30 - 10 },
      { id: "web\u0000call api", spanCount: 2, errorCount: 1, totalUs: 70, selfUs: 10 + 4 },
      { id: "api\u0000GET /items", spanCount: 2, errorCount: 1, totalUs: 56, selfUs: 30 - 19 + 3 },
      { id: "api\u0000SELECT", spanCount: 4, errorCount: 1, totalUs: 59, selfUs: 59 },
      { id: "web\u0000render", spanCount: 1, errorCount: 0, totalUs: 10, selfUs: 10 },
    ]);
    expect(graph.nodes[3]).toMatchObject({ service: "api", operation: "SELECT", members: 1 });
    expect(graph.nodes.map((node) => node.depth)).toEqual([0, 1, 2, 3, 1]);
    // The async SELECT (40 µs) is the operation's slowest span.
    expect(graph.nodes[3]?.slowestRow).toBe(rowOf(tree, 9));
    expect(graph.nodeOfRow[rowOf(tree, 5)]).toBe(3);
  });

  it("aggregates parent → child calls into edges, counting the calls whose child failed", () => {
    const { graph } = graphOf(checkoutTrace());
    expect(graph.edges).toEqual([
      { parent: "web\u0000GET /checkout", child: "web\u0000call api", calls: 2, errors: 1 },
      { parent: "web\u0000call api", child: "api\u0000GET /items", calls: 2, errors: 1 },
      { parent: "api\u0000GET /items", child: "api\u0000SELECT", calls: 4, errors: 1 },
      { parent: "web\u0000GET /checkout", child: "web\u0000render", calls: 1, errors: 0 },
    ]);
  });

  it("by service, a call within a service is an edge from the service to itself", () => {
    const { graph } = graphOf(checkoutTrace(), "service");
    expect(
      graph.nodes.map(({ id, operation, spanCount, errorCount }) => [id, operation, spanCount, errorCount]),
    ).toEqual([
      ["web", undefined, 4, 1],
      ["api", undefined, 6, 2],
    ]);
    expect(graph.edges).toEqual([
      { parent: "web", child: "web", calls: 3, errors: 1 },
      { parent: "web", child: "api", calls: 2, errors: 1 },
      { parent: "api", child: "api", calls: 4, errors: 1 },
    ]);
  });

  it("joins a Zipkin shared span's client half to its server half", () => {
    const client = makeSpan({
      spanId: "b",
      parentSpanId: "a",
      serviceName: "web",
      name: "get",
      kind: "CLIENT",
    });
    const server = { ...client, serviceName: "api", kind: "SERVER" as const, shared: true };
    const { graph } = graphOf([makeSpan({ spanId: "a", serviceName: "web", name: "GET /" }), client, server]);
    expect(graph.edges.map(({ parent, child, calls }) => [parent, child, calls])).toEqual([
      ["web\u0000GET /", "web\u0000get", 1],
      ["web\u0000get", "api\u0000get", 1],
    ]);
  });

  it("draws no edge to a span whose parent is missing", () => {
    const { graph } = graphOf([
      makeSpan({ spanId: "a", name: "root" }),
      makeSpan({ spanId: "b", parentSpanId: "gone", name: "orphan" }),
    ]);
    expect(graph.nodes.map((node) => node.spanCount)).toEqual([1, 1]);
    expect(graph.edges).toEqual([]);
  });

  it("folds the least busy operations into one node past the limit, and their calls with them", () => {
    const { tree, graph } = graphOf(checkoutTrace(), "operation", 3);
    expect(
      graph.nodes.map(({ id, spanCount, errorCount, members }) => [id, spanCount, errorCount, members]),
    ).toEqual([
      // Two spans each: total time breaks the tie with GET /items (56 µs).
      ["web\u0000call api", 2, 1, 1],
      ["api\u0000SELECT", 4, 1, 1],
      [OTHER_NODE, 4, 1, 3],
    ]);
    expect(graph.nodes.map((node) => node.depth)).toEqual([1, 3, 0]);
    // The folded node's slowest span is the root, the longest of the folded operations' spans.
    expect(graph.nodes[2]?.slowestRow).toBe(rowOf(tree, 1));
    expect(graph.edges).toEqual([
      { parent: OTHER_NODE, child: "web\u0000call api", calls: 2, errors: 1 },
      { parent: "web\u0000call api", child: OTHER_NODE, calls: 2, errors: 1 },
      { parent: OTHER_NODE, child: "api\u0000SELECT", calls: 4, errors: 1 },
      { parent: OTHER_NODE, child: OTHER_NODE, calls: 1, errors: 0 },
    ]);
    expect([...graph.nodeOfRow]).toEqual(
      tree.rows.map(({ span }) => ({ "call api": 0, SELECT: 1 })[span.name] ?? 2),
    );
  });

  it("picks the first of equally slow spans", () => {
    const { tree, graph } = graphOf([
      makeSpan({ spanId: "a", name: "root", durationUs: 50 }),
      makeSpan({ spanId: "b", parentSpanId: "a", name: "q", startUs: 101, durationUs: 5 }),
      makeSpan({ spanId: "c", parentSpanId: "a", name: "q", startUs: 110, durationUs: 5 }),
    ]);
    expect(graph.nodes[1]?.slowestRow).toBe(tree.rows.findIndex(({ span }) => span.spanId === "b"));
  });

  it("keeps every span in one node and every call in one edge, folded or not (property)", () => {
    fc.assert(
      fc.property(
        extremeTrace,
        fc.constantFrom<SpanGraphGrouping>("operation", "service"),
        fc.integer({ min: 1, max: 8 }),
        (spans, grouping, maxNodes) => {
          const { tree, graph } = graphOf(spans, grouping, maxNodes);
          const sum = (numbers: number[]) => numbers.reduce((total, n) => total + n, 0);
          expect(graph.nodes.length).toBeLessThanOrEqual(maxNodes);
          expect(sum(graph.nodes.map((node) => node.spanCount))).toBe(spans.length);
          const failed = spans.filter((span) => span.status.code === "ERROR").length;
          expect(sum(graph.nodes.map((node) => node.errorCount))).toBe(failed);
          // A call is a span below a parent present in the trace: every row but the roots.
          const calls = tree.rows.filter((row) => row.depth > 0).length;
          expect(calls).toBe(spans.length - tree.rootCount);
          expect(sum(graph.edges.map((edge) => edge.calls))).toBe(calls);

          // The edges, counted again with string keys from each row's parent row.
          const { parent } = buildOutline(tree);
          const idOfRow = (row: number) => graph.nodes[graph.nodeOfRow[row] as number]?.id;
          const recount = new Map<string, number>();
          tree.rows.forEach((_, row) => {
            const from = parent[row] as number;
            if (from < 0) return;
            const key = `${idOfRow(from)} → ${idOfRow(row)}`;
            recount.set(key, (recount.get(key) ?? 0) + 1);
          });
          expect(new Map(graph.edges.map((edge) => [`${edge.parent} → ${edge.child}`, edge.calls]))).toEqual(
            recount,
          );
          const depths = graph.nodes.map(() => Number.POSITIVE_INFINITY);
          tree.rows.forEach(({ depth }, row) => {
            const node = graph.nodeOfRow[row] as number;
            depths[node] = Math.min(depths[node] as number, depth);
          });
          expect(graph.nodes.map((node) => node.depth)).toEqual(depths);
          for (const [i, node] of graph.nodes.entries()) expect(graph.nodeOfRow[node.slowestRow]).toBe(i);
        },
      ),
      { numRuns: 300 },
    );
  });
});
