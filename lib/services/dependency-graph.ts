import type { DependencyGraph, GraphNode } from "../api/graph";
import { type LatencyCounts, percentileUs } from "./histogram";
import type { NodeKind } from "./links";

// The answer's types, z.infer of the schema the browser checks (lib/api/graph.ts); lib/db/graph.ts reads them here.
export type { DependencyGraph, GraphLink, GraphNode } from "../api/graph";

/** A row of the stored graph summed over a window: one link's calls in one latency bucket. */
export interface LinkBucketRow {
  parent: string;
  child: string;
  bucket: number;
  calls: number;
  errors: number;
}

/**
 * The graph from its stored rows: links by name, their percentiles from the bucket counts (each read
 * as its bucket's upper bound, lib/services/histogram.ts), nodes with the calls into them. A node
 * whose kind is unknown is a service. Links and nodes sorted by name, so answers are stable.
 */
export function buildGraph(
  rows: readonly LinkBucketRow[],
  kinds: ReadonlyMap<string, NodeKind>,
): DependencyGraph {
  const links = new Map<
    string,
    { parent: string; child: string; calls: number; errors: number; counts: [number, number][] }
  >();
  for (const { parent, child, bucket, calls, errors } of rows) {
    if (calls <= 0) continue;
    const key = `${parent}\u0000${child}`;
    let link = links.get(key);
    if (!link) {
      link = { parent, child, calls: 0, errors: 0, counts: [] };
      links.set(key, link);
    }
    link.calls += calls;
    link.errors += errors;
    link.counts.push([bucket, calls]);
  }
  const nodes = new Map<string, GraphNode>();
  const node = (name: string) => {
    let found = nodes.get(name);
    if (!found) {
      found = { name, kind: kinds.get(name) ?? "service", calls: 0, errors: 0 };
      nodes.set(name, found);
    }
    return found;
  };
  const graphLinks = [...links.values()].map(({ parent, child, calls, errors, counts }) => {
    node(parent);
    const target = node(child);
    target.calls += calls;
    target.errors += errors;
    const sorted: LatencyCounts = counts.sort((a, b) => a[0] - b[0]);
    const at = (fraction: number) => percentileUs(sorted, fraction) ?? 0;
    return { parent, child, calls, errors, p50Us: at(0.5), p95Us: at(0.95), p99Us: at(0.99) };
  });
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  return {
    nodes: [...nodes.values()].sort(byName),
    links: graphLinks.sort((a, b) => a.parent.localeCompare(b.parent) || a.child.localeCompare(b.child)),
  };
}
