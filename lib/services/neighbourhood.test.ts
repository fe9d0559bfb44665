import { describe, expect, it } from "vitest";
import type { DependencyGraph } from "./dependency-graph";
import { clampHops, neighbourhood } from "./neighbourhood";

/** `"a>b b>c"`: a graph of those calls, every node a service. */
function graphOf(calls: string): DependencyGraph {
  const links = calls
    .split(" ")
    .map((pair) => pair.split(">") as [string, string])
    .map(([parent, child]) => ({ parent, child, calls: 1, errors: 0, p50Us: 0, p95Us: 0, p99Us: 0 }));
  const names = [...new Set(links.flatMap(({ parent, child }) => [parent, child]))].sort();
  return { nodes: names.map((name) => ({ name, kind: "service", calls: 0, errors: 0 })), links };
}

const names = (graph: DependencyGraph) => graph.nodes.map((node) => node.name);
const links = (graph: DependencyGraph) => graph.links.map(({ parent, child }) => `${parent}>${child}`);

//   web ─► gw ─► api ─► orders ─► db
//   cron ───────►┘  └──► users ──► cache      (sibling: mobile ─► gw)
const ESTATE = graphOf("web>gw mobile>gw gw>api cron>api api>orders api>users orders>db users>cache");

describe("neighbourhood", () => {
  it.each<[string, string, number, string[], string[]]>([
    [
      "one hop: direct callers and callees",
      "api",
      1,
      ["api", "cron", "gw", "orders", "users"],
      ["gw>api", "cron>api", "api>orders", "api>users"],
    ],
    [
      "two hops each way, no sideways step",
      "api",
      2,
      ["api", "cache", "cron", "db", "gw", "mobile", "orders", "users", "web"],
      ["web>gw", "mobile>gw", "gw>api", "cron>api", "api>orders", "api>users", "orders>db", "users>cache"],
    ],
    [
      "a callee's other callers are not kept",
      "orders",
      1,
      ["api", "db", "orders"],
      ["api>orders", "orders>db"],
    ],
    [
      "an entry point has callees only",
      "web",
      5,
      ["api", "cache", "db", "gw", "orders", "users", "web"],
      ["web>gw", "gw>api", "api>orders", "api>users", "orders>db", "users>cache"],
    ],
  ])("%s", (_name, focus, hops, nodes, kept) => {
    const found = neighbourhood(ESTATE, focus, hops);
    expect(found && names(found.graph)).toEqual(nodes);
    expect(found && links(found.graph)).toEqual(kept);
  });

  it("gives callers negative distances and callees positive ones", () => {
    const found = neighbourhood(ESTATE, "api", 2);
    expect(Object.fromEntries(found?.distance ?? [])).toEqual({
      api: 0,
      gw: -1,
      cron: -1,
      web: -2,
      mobile: -2,
      orders: 1,
      users: 1,
      db: 2,
      cache: 2,
    });
  });

  it("walks a cycle once and keeps the focus at 0, a node both ways a callee", () => {
    const found = neighbourhood(graphOf("a>b b>c c>a a>a"), "a", 5);
    expect(Object.fromEntries(found?.distance ?? [])).toEqual({ a: 0, b: 1, c: 2 });
    expect(found && links(found.graph)).toEqual(["a>b", "b>c", "c>a", "a>a"]);
  });

  it("is undefined for a focus the graph lacks", () => {
    expect(neighbourhood(ESTATE, "nobody", 1)).toBeUndefined();
  });

  it.each([
    [0, 1],
    [1, 1],
    [3, 3],
    [2.7, 2],
    [9, 5],
    [Number.NaN, 1],
    [Number.POSITIVE_INFINITY, 1],
  ])("clamps %s hops to %s", (hops, clamped) => {
    expect(clampHops(hops)).toBe(clamped);
  });

  it("stays linear on a long chain", () => {
    const chain = graphOf(Array.from({ length: 20_000 }, (_, i) => `s${i}>s${i + 1}`).join(" "));
    expect(neighbourhood(chain, "s10000", 5)?.graph.nodes).toHaveLength(11);
  });
});
