import type { DependencyGraph, GraphNode } from "./dependency-graph";

/** The hops a focused view may ask for: one (direct callers and callees) to five. */
export const MIN_HOPS = 1;
export const MAX_HOPS = 5;
export const DEFAULT_HOPS = 1;

export interface Neighbourhood {
  graph: DependencyGraph;
  /**
   * Each kept node's distance from the focus: 0 for the focus, -n for a caller n hops up, +n for a
   * callee n hops down. A node both up- and downstream (a cycle through the focus) is a callee.
   */
  distance: Map<string, number>;
}

/**
 * The focus and what reaches it or it reaches within `hops` calls, as Jaeger's deep dependency graph
 * shows a service: callers found by walking calls backwards, callees by walking them forwards, never
 * sideways (a callee's other callers are not the focus's business). The links kept are those between
 * kept nodes. Undefined when the focus is not in the graph. Linear in nodes and links: one
 * breadth-first walk each way over adjacency maps; `hops` is clamped to MIN_HOPS..MAX_HOPS.
 */
export function neighbourhood(
  graph: DependencyGraph,
  focus: string,
  hops: number,
): Neighbourhood | undefined {
  if (!graph.nodes.some((node) => node.name === focus)) return undefined;
  const limit = clampHops(hops);
  const callees = new Map<string, string[]>();
  const callers = new Map<string, string[]>();
  for (const { parent, child } of graph.links) {
    if (parent === child) continue;
    push(callees, parent, child);
    push(callers, child, parent);
  }
  const distance = new Map<string, number>();
  for (const [name, hop] of walk(focus, callers, limit)) distance.set(name, -hop);
  for (const [name, hop] of walk(focus, callees, limit)) distance.set(name, hop);
  const kept = (name: string) => distance.has(name);
  return {
    graph: {
      nodes: graph.nodes.filter((node: GraphNode) => kept(node.name)),
      links: graph.links.filter(({ parent, child }) => kept(parent) && kept(child)),
    },
    distance,
  };
}

/** A hop count as the view uses it: a whole number in MIN_HOPS..MAX_HOPS, DEFAULT_HOPS for anything else. */
export function clampHops(hops: number): number {
  if (!Number.isFinite(hops)) return DEFAULT_HOPS;
  return Math.min(MAX_HOPS, Math.max(MIN_HOPS, Math.trunc(hops)));
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Breadth first from `start` along `next` for `limit` hops: each node reached, with its hop (0 for `start`). */
function walk(
  start: string,
  next: ReadonlyMap<string, readonly string[]>,
  limit: number,
): Map<string, number> {
  const seen = new Map<string, number>([[start, 0]]);
  let frontier = [start];
  for (let hop = 1; hop <= limit && frontier.length > 0; hop++) {
    const following: string[] = [];
    for (const name of frontier) {
      for (const to of next.get(name) ?? []) {
        if (seen.has(to)) continue;
        seen.set(to, hop);
        following.push(to);
      }
    }
    frontier = following;
  }
  return seen;
}
