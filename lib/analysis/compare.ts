import type { TraceTree } from "../trace/tree";

/**
 * Two traces side by side, aligned by where each span sits rather than by span id (ids differ
 * between traces). A span's path is the chain of (service, span name) from its root to it; the spans
 * of one trace on the same path are one node, counted, whatever their order or start time, so a
 * loop that made 14 calls in A and 13 in B is one row reading 14 against 13. A renamed operation
 * starts a new path: it and its whole subtree show on one side only.
 *
 *   A                          B                          compared
 *   frontend GET /dispatch     frontend GET /dispatch     frontend GET /dispatch   1   1
 *     redis GetDriver ×2         redis GetDriver ×3         redis GetDriver        2   3
 *     mysql SELECT                                          mysql SELECT           1   0  only A
 *                                route GET /route           route GET /route       0   1  only B
 */
export interface CompareNode {
  /** The path: every (service, name) pair from the root, each as a JSON array, so no name can fake a boundary. */
  key: string;
  /** 0 for a root. */
  depth: number;
  service: string;
  operation: string;
  countA: number;
  countB: number;
  /** Sum of the durations of the node's spans in A, in µs; 0 when it has none there. */
  totalUsA: number;
  totalUsB: number;
  /** totalUsB − totalUsA: positive when B spent longer on this path. */
  deltaUs: number;
  /** The side that has the path when only one does. */
  only: "a" | "b" | undefined;
}

/**
 * The nodes of both traces in pre-order: A's paths in A's order (the tree's order, siblings by first
 * start), each parent's B-only children after its shared ones, in B's order. Linear in the number of
 * spans (times the depth, for the keys): both trees are folded into path maps in one pass each, and the
 * merge walks each path once with Map lookups.
 */
export function compareTraces(a: TraceTree, b: TraceTree): CompareNode[] {
  const pathsA = foldPaths(a);
  const pathsB = foldPaths(b);
  const childrenOf = (key: string | undefined): string[] => {
    const inA = key === undefined ? pathsA.roots : (pathsA.byKey.get(key)?.children ?? []);
    const inB = key === undefined ? pathsB.roots : (pathsB.byKey.get(key)?.children ?? []);
    return [...inA, ...inB.filter((child) => !pathsA.byKey.has(child))];
  };

  const nodes: CompareNode[] = [];
  // An explicit stack: a chain thousands of spans deep would overflow recursion.
  const stack = childrenOf(undefined).reverse();
  while (stack.length > 0) {
    const key = stack.pop() as string;
    const pathA = pathsA.byKey.get(key);
    const pathB = pathsB.byKey.get(key);
    const path = (pathA ?? pathB) as Path;
    const totalUsA = pathA?.totalUs ?? 0;
    const totalUsB = pathB?.totalUs ?? 0;
    nodes.push({
      key,
      depth: path.depth,
      service: path.service,
      operation: path.operation,
      countA: pathA?.count ?? 0,
      countB: pathB?.count ?? 0,
      totalUsA,
      totalUsB,
      deltaUs: totalUsB - totalUsA,
      only: pathB === undefined ? "a" : pathA === undefined ? "b" : undefined,
    });
    const children = childrenOf(key);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as string);
  }
  return nodes;
}

/** The largest |deltaUs| among the nodes, in µs: the full length of a delta bar. 0 when nothing changed. */
export function largestDeltaUs(nodes: readonly CompareNode[]): number {
  let largestUs = 0;
  for (const { deltaUs } of nodes) largestUs = Math.max(largestUs, Math.abs(deltaUs));
  return largestUs;
}

/** How many nodes both traces have, and how many only one of them has. */
export function countSides(nodes: readonly CompareNode[]): { both: number; onlyA: number; onlyB: number } {
  const counts = { both: 0, onlyA: 0, onlyB: 0 };
  for (const { only } of nodes) {
    if (only === "a") counts.onlyA++;
    else if (only === "b") counts.onlyB++;
    else counts.both++;
  }
  return counts;
}

interface Path {
  depth: number;
  service: string;
  operation: string;
  count: number;
  totalUs: number;
  /** Child paths' keys in order of first appearance. */
  children: string[];
}

interface Paths {
  byKey: Map<string, Path>;
  roots: string[];
}

/**
 * A tree's spans folded by path. Rows come in pre-order with depth, so a row's parent path is the
 * latest path one level up; roots and orphans (depth 0) start paths of their own.
 */
function foldPaths(tree: TraceTree): Paths {
  const byKey = new Map<string, Path>();
  const roots: string[] = [];
  const keyAtDepth: string[] = [];
  for (const { span, depth } of tree.rows) {
    const parentKey = depth === 0 ? "" : (keyAtDepth[depth - 1] as string);
    const key = parentKey + JSON.stringify([span.serviceName, span.name]);
    keyAtDepth[depth] = key;
    const path = byKey.get(key);
    if (path) {
      path.count++;
      path.totalUs += span.durationUs;
      continue;
    }
    byKey.set(key, {
      depth,
      service: span.serviceName,
      operation: span.name,
      count: 1,
      totalUs: span.durationUs,
      children: [],
    });
    if (depth === 0) roots.push(key);
    else byKey.get(parentKey)?.children.push(key);
  }
  return { byKey, roots };
}
