import { beforeAll, describe, expect, it } from "vitest";
import { readFixtureBytes } from "../../test/fixtures";
import { LARGE_TRACE_DEEPEST, largeZipkinTrace } from "../../test/large-trace";
import { decodeTraceFile } from "../ingest/trace-file";
import { decodeZipkinV2 } from "../ingest/zipkin/v2";
import type { Span } from "../model/span";
import { buildTraceTree, type TraceTree } from "../trace/tree";
import { type CompareNode, compareTraces, countSides, largestDeltaUs } from "./compare";

/** A span tree as [service, name, durationUs, children]; a root given `orphan` names a parent not in the trace. */
type Shape = [service: string, name: string, durationUs: number, children?: Shape[]];

/** The spans of a trace of these shapes, starting one µs apart in pre-order so siblings keep their order. */
function traceOf(roots: Shape[], { orphans = 0 } = {}): Span[] {
  const spans: Span[] = [];
  const add = ([serviceName, name, durationUs, children = []]: Shape, parentSpanId?: string) => {
    const spanId = (spans.length + 1).toString(16).padStart(16, "0");
    spans.push({
      traceId: "00000000000000aa",
      spanId,
      parentSpanId,
      name,
      kind: "SERVER",
      serviceName,
      startUs: 1_000 + spans.length,
      durationUs,
      status: { code: "UNSET" },
      attributes: {},
      resource: {},
      events: [],
      links: [],
    });
    for (const child of children) add(child, spanId);
  };
  roots.forEach((root, i) => {
    add(root, i > 0 && i <= orphans ? "00000000000000ff" : undefined);
  });
  return spans;
}

/** A node as a line: indent, service, name, countA/countB, totalA→totalB, Δdelta, and the side it is only on. */
function line(node: CompareNode): string {
  const only = node.only ? ` only ${node.only}` : "";
  return `${"  ".repeat(node.depth)}${node.service} ${node.operation} ${node.countA}/${node.countB} ${node.totalUsA}→${node.totalUsB} Δ${node.deltaUs}${only}`;
}

function compare(a: Span[], b: Span[]): CompareNode[] {
  return compareTraces(buildTraceTree(a), buildTraceTree(b));
}

const dispatch = (children: Shape[], durationUs = 1_000): Shape => [
  "frontend",
  "GET /dispatch",
  durationUs,
  children,
];

describe("compareTraces", () => {
  it.each<{ name: string; a: Span[]; b: Span[]; lines: string[] }>([
    {
      name: "identical traces align everywhere with no delta",
      a: traceOf([dispatch([["customer", "GET /customer", 300, [["mysql", "SELECT", 250]]]])]),
      b: traceOf([dispatch([["customer", "GET /customer", 300, [["mysql", "SELECT", 250]]]])]),
      lines: [
        "frontend GET /dispatch 1/1 1000→1000 Δ0",
        "  customer GET /customer 1/1 300→300 Δ0",
        "    mysql SELECT 1/1 250→250 Δ0",
      ],
    },
    {
      name: "a span slower in B shows a positive delta on its own row",
      a: traceOf([dispatch([["customer", "GET /customer", 300, [["mysql", "SELECT", 250]]]])]),
      b: traceOf([dispatch([["customer", "GET /customer", 300, [["mysql", "SELECT", 280]]]])]),
      lines: [
        "frontend GET /dispatch 1/1 1000→1000 Δ0",
        "  customer GET /customer 1/1 300→300 Δ0",
        "    mysql SELECT 1/1 250→280 Δ30",
      ],
    },
    {
      name: "an extra call in B counts 2 against 1 and adds its time",
      a: traceOf([dispatch([["redis", "GetDriver", 10]])]),
      b: traceOf([
        dispatch([
          ["redis", "GetDriver", 10],
          ["redis", "GetDriver", 12],
        ]),
      ]),
      lines: ["frontend GET /dispatch 1/1 1000→1000 Δ0", "  redis GetDriver 1/2 10→22 Δ12"],
    },
    {
      name: "a subtree only in A is marked on every row, its time all lost",
      a: traceOf([
        dispatch([
          ["customer", "GET /customer", 300, [["mysql", "SELECT", 250]]],
          ["route", "GET", 40],
        ]),
      ]),
      b: traceOf([dispatch([["route", "GET", 40]])]),
      lines: [
        "frontend GET /dispatch 1/1 1000→1000 Δ0",
        "  customer GET /customer 1/0 300→0 Δ-300 only a",
        "    mysql SELECT 1/0 250→0 Δ-250 only a",
        "  route GET 1/1 40→40 Δ0",
      ],
    },
    {
      name: "a subtree only in B comes after its parent's shared children, in B's order",
      a: traceOf([dispatch([["route", "GET", 40]])]),
      b: traceOf([
        dispatch([
          ["driver", "FindNearest", 200, [["redis", "GetDriver", 9]]],
          ["route", "GET", 40],
        ]),
      ]),
      lines: [
        "frontend GET /dispatch 1/1 1000→1000 Δ0",
        "  route GET 1/1 40→40 Δ0",
        "  driver FindNearest 0/1 0→200 Δ200 only b",
        "    redis GetDriver 0/1 0→9 Δ9 only b",
      ],
    },
    {
      name: "the same operation under two parents is two nodes",
      a: traceOf([
        dispatch([
          ["redis", "GetDriver", 9],
          ["driver", "FindNearest", 200, [["redis", "GetDriver", 7]]],
        ]),
      ]),
      b: traceOf([dispatch([["driver", "FindNearest", 200, [["redis", "GetDriver", 8]]]])]),
      lines: [
        "frontend GET /dispatch 1/1 1000→1000 Δ0",
        "  redis GetDriver 1/0 9→0 Δ-9 only a",
        "  driver FindNearest 1/1 200→200 Δ0",
        "    redis GetDriver 1/1 7→8 Δ1",
      ],
    },
    {
      name: "a forest aligns root by root, an orphan root included",
      a: traceOf([dispatch([]), ["backend", "on-message", 50]], { orphans: 1 }),
      b: traceOf([dispatch([]), ["backend", "on-message", 70], ["backend", "retry", 5]], { orphans: 2 }),
      lines: [
        "frontend GET /dispatch 1/1 1000→1000 Δ0",
        "backend on-message 1/1 50→70 Δ20",
        "backend retry 0/1 0→5 Δ5 only b",
      ],
    },
    {
      name: "different roots align nothing: all of A, then all of B",
      a: traceOf([["frontend", "HTTP GET /dispatch", 900, [["redis", "GetDriver", 9]]]]),
      b: traceOf([dispatch([["redis", "GetDriver", 9]])]),
      lines: [
        "frontend HTTP GET /dispatch 1/0 900→0 Δ-900 only a",
        "  redis GetDriver 1/0 9→0 Δ-9 only a",
        "frontend GET /dispatch 0/1 0→1000 Δ1000 only b",
        "  redis GetDriver 0/1 0→9 Δ9 only b",
      ],
    },
    {
      name: "a name that spells a path boundary does not merge with that path",
      a: traceOf([["s", "a", 10, [["s", "b", 5]]]]),
      b: traceOf([["s", 'a"]["s","b', 10]]),
      lines: ["s a 1/0 10→0 Δ-10 only a", "  s b 1/0 5→0 Δ-5 only a", 's a"]["s","b 0/1 0→10 Δ10 only b'],
    },
    {
      name: "two empty traces compare to nothing",
      a: [],
      b: [],
      lines: [],
    },
  ])("$name", ({ a, b, lines }) => {
    expect(compare(a, b).map(line)).toEqual(lines);
  });

  it("gives every node a key of its own", () => {
    const nodes = compare(
      traceOf([
        dispatch([
          ["redis", "GetDriver", 9],
          ["driver", "FindNearest", 200, [["redis", "GetDriver", 7]]],
        ]),
      ]),
      traceOf([["frontend", "HTTP GET /dispatch", 900]]),
    );
    expect(new Set(nodes.map((node) => node.key)).size).toBe(nodes.length);
  });
});

describe("compareTraces on a generated 600-span trace", () => {
  const tree = buildTraceTree(decodeZipkinV2(largeZipkinTrace("0000000000000000000000000000a600")).spans);
  // Without the chain's last span, a leaf.
  const trimmed = buildTraceTree(
    tree.rows.map((row) => row.span).filter((span) => span.name !== LARGE_TRACE_DEEPEST.name),
  );

  it("counts every span of each side exactly once, and aligns the rest of a trimmed copy", () => {
    const nodes = compareTraces(tree, trimmed);
    expect(nodes.reduce((sum, node) => sum + node.countA, 0)).toBe(tree.rows.length);
    expect(nodes.reduce((sum, node) => sum + node.countB, 0)).toBe(trimmed.rows.length);
    expect(nodes[0]).toMatchObject({ service: "gateway", operation: "GET /install", countA: 1, countB: 1 });
    expect(nodes.filter((node) => node.only === "b")).toEqual([]);
    expect(nodes.filter((node) => node.only === "a")).toMatchObject([
      { operation: LARGE_TRACE_DEEPEST.name },
    ]);
    expect(largestDeltaUs(compareTraces(tree, tree))).toBe(0);
  });
});

describe("compareTraces on real HotROD traces", { tags: ["corpus"] }, () => {
  const hotrod = (path: string) => buildTraceTree(decodeTraceFile(readFixtureBytes(path)).spans);
  // Jaeger's HotROD demo in two versions: the older names its root "HTTP GET /dispatch", calls
  // redis as "redis"; the newer says "GET /dispatch", "redis-manual", and calls the driver over gRPC.
  let older: TraceTree;
  let newer: TraceTree;
  // The newer version again, trimmed to its N+1 group of 13 GetDriver calls.
  let nPlusOne: TraceTree;
  beforeAll(() => {
    older = hotrod("stalk/jaeger-hotrod.json");
    newer = hotrod("jaeger-ui/apiv3-getTrace-response-hotrod.json");
    nPlusOne = hotrod("jaeger/mcp-skills/n_plus_one_positive.json");
  });

  const find = (nodes: CompareNode[], service: string, operation: string) =>
    nodes.find((node) => node.service === service && node.operation === operation);

  it("counts every span of each side exactly once", () => {
    const nodes = compareTraces(newer, nPlusOne);
    expect(nodes.reduce((sum, node) => sum + node.countA, 0)).toBe(newer.rows.length);
    expect(nodes.reduce((sum, node) => sum + node.countB, 0)).toBe(nPlusOne.rows.length);
  });

  it("aligns the frontend root and the GetDriver loop of one version, and shows what B was trimmed of", () => {
    const nodes = compareTraces(newer, nPlusOne);
    expect(nodes[0]).toMatchObject({ service: "frontend", operation: "GET /dispatch", countA: 1, countB: 1 });
    expect(nodes[0]?.only).toBeUndefined();
    expect(find(nodes, "redis-manual", "GetDriver")).toMatchObject({ depth: 3, countA: 13, countB: 13 });
    expect(find(nodes, "redis-manual", "GetDriver")?.only).toBeUndefined();
    expect(find(nodes, "redis-manual", "FindDriverIDs")).toMatchObject({ countA: 1, countB: 0, only: "a" });
    expect(find(nodes, "mysql", "SQL SELECT")).toMatchObject({ depth: 3, only: "a" });
    expect(countSides(nodes)).toEqual({ both: 4, onlyA: 5, onlyB: 0 });
    // The frontend's HTTP GETs: one to customer, ten to route, none kept in the trimmed trace.
    expect(find(nodes, "frontend", "HTTP GET")).toMatchObject({ countA: 11, countB: 0, only: "a" });
    for (const node of nodes) expect(node.deltaUs).toBe(node.totalUsB - node.totalUsA);
  });

  it("aligns nothing across versions that renamed the root: each side is one-sided throughout", () => {
    const nodes = compareTraces(older, newer);
    expect(nodes[0]).toMatchObject({ depth: 0, operation: "HTTP GET /dispatch", only: "a" });
    const firstOfB = nodes.findIndex((node) => node.only === "b");
    expect(nodes[firstOfB]).toMatchObject({ depth: 0, operation: "GET /dispatch" });
    expect(nodes.slice(0, firstOfB).every((node) => node.only === "a")).toBe(true);
    expect(nodes.slice(firstOfB).every((node) => node.only === "b")).toBe(true);
    expect(find(nodes, "redis", "GetDriver")).toMatchObject({ countA: 13, countB: 0 });
  });

  it("sizes the delta bars by the largest change", () => {
    const nodes = compareTraces(newer, nPlusOne);
    const root = find(nodes, "frontend", "GET /dispatch") as CompareNode;
    expect(largestDeltaUs(nodes)).toBe(Math.max(...nodes.map((node) => Math.abs(node.deltaUs))));
    expect(largestDeltaUs(nodes)).toBe(Math.abs(root.deltaUs));
    expect(largestDeltaUs(compareTraces(newer, newer))).toBe(0);
  });
});
