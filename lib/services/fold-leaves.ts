import type { DependencyGraph, GraphNode } from "./dependency-graph";

export interface FoldedGraph {
  graph: DependencyGraph;
  /** Per caller, the leaves folded into it, busiest first. */
  folded: Map<string, GraphNode[]>;
}

/**
 * Whether a node is an uninstrumented leaf: a database, queue or external service (links.ts names
 * those only from a caller's span: they send no spans of their own) that calls nothing. A peer known
 * only by a service name (`peer.service`, Zipkin's remote endpoint) is stored as a service, so it is
 * never folded: the stored graph cannot tell it from an instrumented service that calls nothing.
 */
export function isUninstrumentedLeaf(node: GraphNode, callsOut: ReadonlySet<string>): boolean {
  return node.kind !== "service" && !callsOut.has(node.name);
}

/**
 * The graph with its uninstrumented leaves folded into their callers: the leaves and the links into
 * them leave the graph, and each caller lists the leaves it called (a leaf with two callers is listed
 * under both). A queue a consumer reads from calls that consumer, so it is no leaf and stays. Names in
 * `keep` (the focused service) are never folded. Linear in nodes and links.
 */
export function foldLeaves(graph: DependencyGraph, keep: ReadonlySet<string> = new Set()): FoldedGraph {
  const callsOut = new Set<string>();
  for (const { parent, child } of graph.links) if (parent !== child) callsOut.add(parent);
  const leaves = new Map<string, GraphNode>();
  for (const node of graph.nodes) {
    if (!keep.has(node.name) && isUninstrumentedLeaf(node, callsOut)) leaves.set(node.name, node);
  }
  const folded = new Map<string, GraphNode[]>();
  const links = graph.links.filter(({ parent, child }) => {
    const leaf = leaves.get(child);
    if (!leaf) return true;
    if (leaves.has(parent)) return false; // a leaf calling itself goes with it
    const list = folded.get(parent);
    if (list) list.push(leaf);
    else folded.set(parent, [leaf]);
    return false;
  });
  for (const list of folded.values()) list.sort((a, b) => b.calls - a.calls || a.name.localeCompare(b.name));
  return { graph: { nodes: graph.nodes.filter((node) => !leaves.has(node.name)), links }, folded };
}
