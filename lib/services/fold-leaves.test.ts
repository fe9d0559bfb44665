import { describe, expect, it } from "vitest";
import type { DependencyGraph, GraphNode } from "./dependency-graph";
import { foldLeaves } from "./fold-leaves";

const node = (name: string, kind: GraphNode["kind"], calls = 0): GraphNode => ({
  name,
  kind,
  calls,
  errors: 0,
});
const link = (parent: string, child: string, calls = 1) => ({
  parent,
  child,
  calls,
  errors: 0,
  p50Us: 0,
  p95Us: 0,
  p99Us: 0,
});

/** web → api → orders-db, cache, stripe; api → events (queue) → worker → orders-db; peer-svc named only. */
const SHOP: DependencyGraph = {
  nodes: [
    node("api", "service", 10),
    node("cache", "database", 7),
    node("events", "queue", 3),
    node("orders-db", "database", 9),
    node("peer-svc", "service", 1),
    node("stripe", "external", 2),
    node("web", "service"),
    node("worker", "service", 3),
  ],
  links: [
    link("api", "cache", 7),
    link("api", "events", 3),
    link("api", "orders-db", 5),
    link("api", "peer-svc", 1),
    link("api", "stripe", 2),
    link("events", "worker", 3),
    link("web", "api", 10),
    link("worker", "orders-db", 4),
  ],
};

describe("foldLeaves", () => {
  it("folds databases and external services that call nothing into each caller, busiest first", () => {
    const { graph, folded } = foldLeaves(SHOP);
    expect(graph.nodes.map((n) => n.name)).toEqual(["api", "events", "peer-svc", "web", "worker"]);
    expect(graph.links.map((l) => `${l.parent}>${l.child}`)).toEqual([
      "api>events",
      "api>peer-svc",
      "events>worker",
      "web>api",
    ]);
    expect(
      Object.fromEntries([...folded].map(([caller, leaves]) => [caller, leaves.map((l) => l.name)])),
    ).toEqual({
      api: ["orders-db", "cache", "stripe"],
      worker: ["orders-db"],
    });
  });

  it("keeps a queue that delivers to a consumer, and a service-named peer", () => {
    const { graph } = foldLeaves(SHOP);
    expect(graph.nodes.find((n) => n.name === "events")).toBeDefined();
    expect(graph.nodes.find((n) => n.name === "peer-svc")).toBeDefined();
  });

  it("never folds the names it is told to keep", () => {
    const { graph, folded } = foldLeaves(SHOP, new Set(["orders-db"]));
    expect(graph.nodes.map((n) => n.name)).toContain("orders-db");
    expect(folded.get("api")?.map((l) => l.name)).toEqual(["cache", "stripe"]);
    expect(folded.get("worker")).toBeUndefined();
  });

  it("folds a leaf calling itself with its loop", () => {
    const { graph, folded } = foldLeaves({
      nodes: [node("api", "service"), node("db", "database")],
      links: [link("api", "db"), link("db", "db")],
    });
    expect(graph).toEqual({ nodes: [node("api", "service")], links: [] });
    expect([...folded.keys()]).toEqual(["api"]);
  });
});
