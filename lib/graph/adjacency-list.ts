import type { DependencyGraph, GraphLink, GraphNode } from "../api/graph";
import { breakCycles, longestPathLayers } from "./layering";

/** One peer of a row: the link's other end and the link itself. */
export interface AdjacentPeer {
  name: string;
  link: GraphLink;
}

export interface AdjacencyRow {
  node: GraphNode;
  /** The row's column in the layered layout: 0 for an entry point, one more than its furthest caller. */
  depth: number;
  /** Who calls this node, and whom it calls, busiest first. */
  callers: AdjacentPeer[];
  callees: AdjacentPeer[];
}

/**
 * The graph as a sorted adjacency list, the view of a graph too big to draw legibly (Grafana's
 * service graph table, Kiali's list): one row per node, callers above what they call (the layered
 * layout's columns, cycles broken as it breaks them), then the busiest first within a depth, then by
 * name. Reading down is reading the estate from its entry points to its databases. O(n + e log e).
 */
export function adjacencyList(graph: DependencyGraph): AdjacencyRow[] {
  const index = new Map(graph.nodes.map((node, i) => [node.name, i]));
  const calls: number[][] = graph.nodes.map(() => []);
  const rows: AdjacencyRow[] = graph.nodes.map((node) => ({ node, depth: 0, callers: [], callees: [] }));
  for (const link of graph.links) {
    const from = index.get(link.parent);
    const to = index.get(link.child);
    if (from === undefined || to === undefined) continue;
    (rows[from] as AdjacencyRow).callees.push({ name: link.child, link });
    (rows[to] as AdjacencyRow).callers.push({ name: link.parent, link });
    if (from !== to) (calls[from] as number[]).push(to);
  }
  const n = calls.length;
  const back = breakCycles(calls);
  const forward = calls.map((targets, from) =>
    targets.map((to) => (back.has(from * n + to) ? -1 : to)).filter((to) => to >= 0),
  );
  // A back edge is drawn reversed in the layered layout; here it is only left out of the ordering.
  const depth = longestPathLayers(forward);
  const busiest = (a: AdjacentPeer, b: AdjacentPeer) =>
    b.link.calls - a.link.calls || a.name.localeCompare(b.name);
  rows.forEach((row, i) => {
    row.depth = depth[i] ?? 0;
    row.callers.sort(busiest);
    row.callees.sort(busiest);
  });
  return rows.sort(
    (a, b) => a.depth - b.depth || b.node.calls - a.node.calls || a.node.name.localeCompare(b.node.name),
  );
}
