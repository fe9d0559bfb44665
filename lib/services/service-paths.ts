import type { PathElement, PathThrough } from "../api/service-paths";
import type { Span } from "../model/span";
import { buildOutline } from "../trace/outline";
import { buildTraceTree, type TraceTree } from "../trace/tree";
import { type TraceLinks, traceLinks } from "./links";

/**
 * The service call paths of one trace, as Jaeger's deep dependency graph draws them: each chain from
 * a root of the span tree down to a leaf, as the services it passes through. Consecutive spans of one
 * service are one hop (a server span, its internal spans and its client spans are one visit), named
 * by the operation of the hop's first span, the one the service was entered through:
 *
 *   web  GET /          ─┐
 *   web  call api        │ web:GET /
 *   api  GET /items     ─┐
 *   api  select          │ api:GET /items  →  path [web:GET /, api:GET /items, postgres:query]
 *   postgres query      ─  postgres:query
 *
 * A trace holds each distinct path once, whatever the number of leaves that end it (a loop of 100
 * queries is one path): stored paths count the traces that took them. Only maximal paths are paths:
 * when a hop calls another service on one branch and nothing on another, the shorter chain is part
 * of the longer. Bounds: a path keeps its first MAX_PATH_ELEMENTS hops (deeper ones, recursion most
 * often, are cut), and a trace gives at most MAX_PATHS_PER_TRACE paths, the first in pre-order.
 * O(n log n): the tree's sort (or `tree`, the one its links were derived from), then one pass with
 * Map lookups.
 */
export const MAX_PATH_ELEMENTS = 16;
export const MAX_PATHS_PER_TRACE = 100;

export function tracePaths(spans: readonly Span[], tree: TraceTree = buildTraceTree(spans)): PathElement[][] {
  const { parent } = buildOutline(tree);
  const rows = tree.rows.map((row) => row.span);
  // A trie of hops: a row's node is its path from the root so far; equal paths share a node.
  const hops = new HopTrie();
  const nodeOfRow = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const span = rows[i] as Span;
    const p = parent[i] as number;
    const up = p < 0 ? -1 : (nodeOfRow[p] as number);
    nodeOfRow[i] =
      p >= 0 && (rows[p] as Span).serviceName === span.serviceName
        ? up
        : hops.child(up, { service: span.serviceName, operation: span.name });
  }
  return hops.leafPaths(MAX_PATHS_PER_TRACE);
}

/** A whole trace's dependency links and its paths, from one build of its tree. */
export function linksAndPaths(spans: readonly Span[]): { links: TraceLinks; paths: PathElement[][] } {
  const tree = buildTraceTree(spans);
  return { links: traceLinks(spans, tree), paths: tracePaths(spans, tree) };
}

class HopTrie {
  private readonly ids = new Map<string, number>();
  private readonly parents: number[] = [];
  private readonly elements: PathElement[] = [];
  private readonly depths: number[] = [];
  private readonly inner: boolean[] = [];

  /** The node of `element` under `parent` (−1: a root); `parent` itself past MAX_PATH_ELEMENTS. */
  child(parent: number, element: PathElement): number {
    const depth = parent < 0 ? 1 : (this.depths[parent] as number) + 1;
    if (depth > MAX_PATH_ELEMENTS) return parent;
    const key = `${parent}\u0000${element.service}\u0000${element.operation}`;
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    const id = this.parents.length;
    this.ids.set(key, id);
    this.parents.push(parent);
    this.elements.push(element);
    this.depths.push(depth);
    this.inner.push(false);
    if (parent >= 0) this.inner[parent] = true;
    return id;
  }

  /** The paths to nodes without children, in the order the nodes were made, at most `max`. */
  leafPaths(max: number): PathElement[][] {
    const paths: PathElement[][] = [];
    for (let id = 0; id < this.parents.length && paths.length < max; id++) {
      if (this.inner[id]) continue;
      const path: PathElement[] = [];
      for (let node = id; node >= 0; node = this.parents[node] as number) {
        path.push(this.elements[node] as PathElement);
      }
      paths.push(path.reverse());
    }
    return paths;
  }
}

export interface PathFocus {
  service: string;
  /** Any operation of the service when absent. */
  operation?: string | undefined;
}

/**
 * A stored path split around its first hop through the focus: what led there, the hop, and what
 * followed; undefined when the path does not pass through it. A path through the focus twice (A → B
 * → C → B) is split at the first visit, the second being part of what followed, so a path is shown
 * once whatever the number of visits.
 */
export function sliceAround(
  path: readonly PathElement[],
  focus: PathFocus,
  traces: number,
): PathThrough | undefined {
  const at = path.findIndex(
    (hop) =>
      hop.service === focus.service && (focus.operation === undefined || hop.operation === focus.operation),
  );
  if (at < 0) return undefined;
  return {
    upstream: path.slice(0, at),
    focus: path[at] as PathElement,
    downstream: path.slice(at + 1),
    traces,
  };
}
