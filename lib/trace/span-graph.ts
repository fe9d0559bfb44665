import { buildOutline } from "./outline";
import type { TraceRow, TraceTree } from "./tree";

/**
 * The trace's own call structure as a graph (Jaeger UI's trace graph): one node per operation
 * (service and span name) or per service, one edge per pair of nodes a parent span and its child
 * fall in, with how many calls and failed calls it carries.
 *
 *   web GET /checkout ──2──► web call api ──2──► api GET /items ──4──► api SELECT
 *          │                                     (1 error)             (1 error)
 *          └──1──► web render
 *
 * A call is a row with a parent in the tree: the tree (tree.ts) has already hung Zipkin's server
 * half under its client half, so a shared span's call is an edge between the two halves'
 * operations; a span whose parent is missing is a root and makes no edge. So the nodes' span counts
 * add up to the trace's spans, and the edges' calls to its rows below depth 0.
 *
 * One pass over the rows with Map lookups, then one over the calls: O(n) for a 100k-span trace. The node count is bounded: past `maxNodes` the least busy fold into one
 * "other" node, so what is drawn stays small whatever the trace.
 */
export type SpanGraphGrouping = "operation" | "service";

/** Past this many operations (or services) the least busy fold into OTHER_NODE. */
export const MAX_SPAN_GRAPH_NODES = 300;

/** The folded node's id: a control character, so no service or span name can be it. */
export const OTHER_NODE = "\u0001other";

export interface SpanGraphNode {
  /** Unique in the graph: the service, the service and span name, or OTHER_NODE. */
  id: string;
  /** "" for the folded node. */
  service: string;
  /** The span name; undefined when grouped by service, and for the folded node. */
  operation: string | undefined;
  spanCount: number;
  /** Spans whose status is ERROR. */
  errorCount: number;
  /** Sum of the spans' durations, µs (a recursive operation's nested spans count again). */
  totalUs: number;
  /** Sum of their self times, µs (lib/analysis/self-time). */
  selfUs: number;
  /** The depth of its shallowest span: 0 for the root's operation. */
  depth: number;
  /** The row (of `tree.rows`) of the node's longest span, the first such in row order. */
  slowestRow: number;
  /** How many operations (or services) the node stands for: 1, or more for the folded node. */
  members: number;
}

export interface SpanGraphEdge {
  /** Node ids. The same for a call within one node: an operation calling itself, or a service. */
  parent: string;
  child: string;
  calls: number;
  /** Calls whose child span failed. */
  errors: number;
}

export interface SpanGraph {
  /** In order of their first span's row (the root's node first), the folded node last. */
  nodes: SpanGraphNode[];
  /** In order of their first call's row. */
  edges: SpanGraphEdge[];
  /** Per row of `tree.rows`, the index in `nodes` of its node. */
  nodeOfRow: Int32Array;
}

/**
 * The graph of `tree`, with `selfUs` per row as selfTimes gives it. `maxNodes` (at least 1) bounds
 * the nodes, the folded one included; ties in busyness are broken by total time, then first row.
 */
export function spanGraph(
  tree: TraceTree,
  selfUs: Float64Array,
  grouping: SpanGraphGrouping = "operation",
  maxNodes = MAX_SPAN_GRAPH_NODES,
): SpanGraph {
  const { rows } = tree;
  const nodeOfRow = new Int32Array(rows.length);
  const groups = groupRows(rows, selfUs, grouping, nodeOfRow);
  const nodes = foldLeastBusy(rows, groups, Math.max(1, Math.floor(maxNodes)), nodeOfRow);
  return { nodes, edges: callsBetween(tree, nodes, nodeOfRow), nodeOfRow };
}

/** Sums each row into its group, in order of first row; writes each row's group to `groupOfRow`. */
function groupRows(
  rows: readonly TraceRow[],
  selfUs: Float64Array,
  grouping: SpanGraphGrouping,
  groupOfRow: Int32Array,
): SpanGraphNode[] {
  // By service, then by name: no key strings to build for each of 100k spans.
  const services = new Map<string, Map<string, number>>();
  const groups: SpanGraphNode[] = [];
  for (let row = 0; row < rows.length; row++) {
    const { span } = rows[row] as TraceRow;
    let names = services.get(span.serviceName);
    if (!names) {
      names = new Map();
      services.set(span.serviceName, names);
    }
    const operation = grouping === "operation" ? span.name : undefined;
    let g = names.get(operation ?? "");
    if (g === undefined) {
      g = groups.length;
      names.set(operation ?? "", g);
      groups.push({
        id: operation === undefined ? span.serviceName : `${span.serviceName}\u0000${operation}`,
        service: span.serviceName,
        operation,
        spanCount: 0,
        errorCount: 0,
        totalUs: 0,
        selfUs: 0,
        depth: rows[row]?.depth ?? 0,
        slowestRow: row,
        members: 1,
      });
    }
    groupOfRow[row] = g;
    const group = groups[g] as SpanGraphNode;
    group.spanCount++;
    if (span.status.code === "ERROR") group.errorCount++;
    group.totalUs += span.durationUs;
    group.selfUs += selfUs[row] ?? 0;
    group.depth = Math.min(group.depth, (rows[row] as TraceRow).depth);
    if (span.durationUs > (rows[group.slowestRow] as TraceRow).span.durationUs) group.slowestRow = row;
  }
  return groups;
}

/**
 * Keeps the `maxNodes − 1` busiest groups and folds the rest into OTHER_NODE, when there are more
 * than `maxNodes`; renumbers `nodeOfRow` from groups to the nodes returned.
 */
function foldLeastBusy(
  rows: readonly TraceRow[],
  groups: SpanGraphNode[],
  maxNodes: number,
  nodeOfRow: Int32Array,
): SpanGraphNode[] {
  if (groups.length <= maxNodes) return groups;
  const busiest = [...groups.keys()].sort(
    (a, b) =>
      (groups[b] as SpanGraphNode).spanCount - (groups[a] as SpanGraphNode).spanCount ||
      (groups[b] as SpanGraphNode).totalUs - (groups[a] as SpanGraphNode).totalUs ||
      a - b,
  );
  const kept = new Uint8Array(groups.length);
  for (const g of busiest.slice(0, maxNodes - 1)) kept[g] = 1;
  const other: SpanGraphNode = {
    id: OTHER_NODE,
    service: "",
    operation: undefined,
    spanCount: 0,
    errorCount: 0,
    totalUs: 0,
    selfUs: 0,
    depth: Number.POSITIVE_INFINITY,
    slowestRow: -1,
    members: 0,
  };
  const nodes: SpanGraphNode[] = [];
  const nodeOfGroup = new Int32Array(groups.length);
  groups.forEach((group, g) => {
    if (kept[g]) {
      nodeOfGroup[g] = nodes.length;
      nodes.push(group);
      return;
    }
    nodeOfGroup[g] = -1;
    other.spanCount += group.spanCount;
    other.errorCount += group.errorCount;
    other.totalUs += group.totalUs;
    other.selfUs += group.selfUs;
    other.depth = Math.min(other.depth, group.depth);
    other.members++;
    const durationUs = (row: number) => (rows[row] as TraceRow).span.durationUs;
    if (
      other.slowestRow < 0 ||
      durationUs(group.slowestRow) > durationUs(other.slowestRow) ||
      (durationUs(group.slowestRow) === durationUs(other.slowestRow) && group.slowestRow < other.slowestRow)
    )
      other.slowestRow = group.slowestRow;
  });
  const otherIndex = nodes.length;
  nodes.push(other);
  for (let row = 0; row < nodeOfRow.length; row++) {
    const node = nodeOfGroup[nodeOfRow[row] as number] as number;
    nodeOfRow[row] = node < 0 ? otherIndex : node;
  }
  return nodes;
}

/** One pass over the calls (rows with a parent), each edge found by its (parent, child) node pair. */
function callsBetween(
  tree: TraceTree,
  nodes: readonly SpanGraphNode[],
  nodeOfRow: Int32Array,
): SpanGraphEdge[] {
  const { parent } = buildOutline(tree);
  const n = nodes.length;
  const edgeAt = new Map<number, number>();
  const edges: SpanGraphEdge[] = [];
  for (let row = 0; row < tree.rows.length; row++) {
    const parentRow = parent[row] as number;
    if (parentRow < 0) continue;
    const from = nodeOfRow[parentRow] as number;
    const to = nodeOfRow[row] as number;
    let e = edgeAt.get(from * n + to);
    if (e === undefined) {
      e = edges.length;
      edgeAt.set(from * n + to, e);
      edges.push({
        parent: (nodes[from] as SpanGraphNode).id,
        child: (nodes[to] as SpanGraphNode).id,
        calls: 0,
        errors: 0,
      });
    }
    const edge = edges[e] as SpanGraphEdge;
    edge.calls++;
    if ((tree.rows[row] as TraceRow).span.status.code === "ERROR") edge.errors++;
  }
  return edges;
}
