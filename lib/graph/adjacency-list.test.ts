import { describe, expect, it } from "vitest";
import type { DependencyGraph, GraphNode } from "../api/graph";
import { adjacencyList } from "./adjacency-list";

const node = (name: string, calls: number, kind: GraphNode["kind"] = "service"): GraphNode => ({
  name,
  kind,
  calls,
  errors: 0,
});
const link = (parent: string, child: string, calls: number) => ({
  parent,
  child,
  calls,
  errors: 0,
  p50Us: 0,
  p95Us: 0,
  p99Us: 0,
});

//  web ─► api ─► db        mobile ─► api        api ─► cache        cache ─► api (a callback)
const GRAPH: DependencyGraph = {
  nodes: [node("api", 30), node("cache", 4), node("db", 20, "database"), node("mobile", 0), node("web", 0)],
  links: [
    link("api", "cache", 4),
    link("api", "db", 20),
    link("cache", "api", 1),
    link("mobile", "api", 10),
    link("web", "api", 20),
  ],
};

describe("adjacencyList", () => {
  it("lists callers above what they call, busiest first within a depth, then by name", () => {
    const rows = adjacencyList(GRAPH);
    expect(rows.map((row) => [row.node.name, row.depth])).toEqual([
      ["mobile", 0],
      ["web", 0],
      ["api", 1],
      ["db", 2],
      ["cache", 2],
    ]);
  });

  it("gives each row its callers and callees, busiest first, a callback among them", () => {
    const api = adjacencyList(GRAPH).find((row) => row.node.name === "api");
    expect(api?.callers.map((peer) => [peer.name, peer.link.calls])).toEqual([
      ["web", 20],
      ["mobile", 10],
      ["cache", 1],
    ]);
    expect(api?.callees.map((peer) => peer.name)).toEqual(["db", "cache"]);
  });

  it("lists a self-call on both sides and ignores links to nodes it lacks", () => {
    const rows = adjacencyList({
      nodes: [node("a", 1)],
      links: [link("a", "a", 1), link("a", "ghost", 3)],
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.callers.map((peer) => peer.name)).toEqual(["a"]);
    expect(rows[0]?.callees.map((peer) => peer.name)).toEqual(["a"]);
  });

  it("orders 300 services in one pass, every node once", () => {
    const nodes = Array.from({ length: 300 }, (_, i) => node(`svc-${i}`, i));
    const links = nodes.slice(1).map((n, i) => link(`svc-${Math.floor(i / 3)}`, n.name, 1));
    const rows = adjacencyList({ nodes, links });
    expect(new Set(rows.map((row) => row.node.name)).size).toBe(300);
    expect(rows[0]?.node.name).toBe("svc-0");
    for (let i = 1; i < rows.length; i++)
      expect((rows[i]?.depth ?? 0) >= (rows[i - 1]?.depth ?? 0)).toBe(true);
  });
});
