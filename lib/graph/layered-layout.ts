import {
  ARROW_PX,
  curveThrough,
  type GraphLayout,
  type GraphTopology,
  type Point,
  round,
  type Size,
  selfLoop,
} from "./graph-layout";
import { countCrossings, initialLayers, orderLayers } from "./layer-order";
import { breakCycles, longestPathLayers } from "./layering";

/**
 * The dependency graph in layers, callers to the left of what they call (a Sugiyama layout):
 *
 *   1. break cycles: a depth-first search from the entry points reverses each edge back to a node
 *      still on its path (breakCycles), which leaves a DAG;
 *   2. layer by longest path from the sources, so every edge points rightwards, an entry point is
 *      in the first column and a service sits right of everything that calls it;
 *   3. give an edge spanning several layers a bend point in each layer it crosses, so that crossings
 *      are counted and curves routed between layers only;
 *   4. order each layer by the barycentre of its neighbours in the layer before (sweeping right),
 *      then in the layer after (sweeping left), a few times, keeping the order with fewest crossings;
 *   5. place layers evenly across, each layer's vertices evenly down (placeLayers).
 *
 *   front ──► api ──► orders ──► postgres        layer 0   1   2   3
 *        ╲                     ╱                front's call to postgres
 *         ╰──── · ──── · ─────╯                 bends at · in layers 1 and 2
 *
 * A reversed edge still joins its parent to its child; it is only drawn right to left, bowed down.
 * Everything is linear or n log n in the vertices and edges but the sweeps, a fixed number of sorts.
 */
export interface LayeredGraph {
  /** Vertex v < names.length is the node names[v]; higher vertices are bend points of long edges. */
  names: string[];
  /** Left to right; each top to bottom, in the order with fewest crossings found. */
  layers: number[][];
  /** One per link, in the links' order: its vertices from parent to child ([v] for a self-call). */
  routes: { parent: string; child: string; vertices: number[]; reversed: boolean }[];
}

/** Barycentre sweeps, each right then left: more rarely removes more crossings at this size. */
const SWEEPS = 6;
const MAX_NODE_RADIUS_PX = 14;
/** A bend point's share of a row. */
const BEND_ROOM = 1 / 3;
/** Room either side for the first and last columns' labels, which are centred under their nodes. */
const MAX_SIDE_PX = 64;
/** The layout's size for a viewport: enough room per row and column to read, never less. */
const MIN_ROW_PX = 44;
const MAX_ROW_PX = 120;
const MIN_COLUMN_PX = 160;
const MAX_COLUMN_PX = 320;

export function layeredLayout(graph: GraphTopology, size: Size): GraphLayout {
  return placeLayers(layerGraph(graph), size);
}

/**
 * Steps 1 to 4; `sweeps` 0 keeps the depth-first starting order (layer-order.ts). `given` layers,
 * by node name (absent: 0), replace steps 1 and 2: an edge to a lower layer is drawn reversed, and
 * one within a layer has no bend points and takes no part in ordering (placeLayers never gets one).
 */
export function layerGraph(
  graph: GraphTopology,
  sweeps = SWEEPS,
  given?: ReadonlyMap<string, number>,
): LayeredGraph {
  const index = new Map<string, number>();
  const names: string[] = [];
  const vertexOf = (name: string): number => {
    let v = index.get(name);
    if (v === undefined) {
      v = names.length;
      names.push(name);
      index.set(name, v);
    }
    return v;
  };
  for (const node of graph.nodes) vertexOf(node.name);
  // A link to a node the list lacks still gets a vertex: the layout never drops an edge.
  const links = graph.links.map(({ parent, child }) => ({
    parent,
    child,
    from: vertexOf(parent),
    to: vertexOf(child),
  }));
  const { layerOf, isBack } = given
    ? givenLayers(names, given)
    : longestPath(
        names.length,
        links.filter(({ from, to }) => from !== to),
      );

  // Every edge between vertices now spans exactly one layer, or none within a given one.
  const next: number[][] = names.map(() => []);
  const routes = links.map(({ parent, child, from, to }) => {
    if (from === to) return { parent, child, vertices: [from], reversed: false };
    const reversed = isBack(from, to);
    const [a, b] = reversed ? [to, from] : [from, to];
    const chain = [a];
    for (let layer = (layerOf[a] as number) + 1; layer < (layerOf[b] as number); layer++) {
      chain.push(layerOf.length);
      layerOf.push(layer);
      next.push([]);
    }
    chain.push(b);
    for (let i = 0; i + 1 < chain.length; i++) {
      const [u, w] = [chain[i] as number, chain[i + 1] as number];
      if (layerOf[u] !== layerOf[w]) (next[u] as number[]).push(w);
    }
    return { parent, child, vertices: reversed ? chain.reverse() : chain, reversed };
  });

  return { names, layers: orderLayers(initialLayers(layerOf, next), next, sweeps), routes };
}

/** Steps 1 and 2: the cycles' closing edges reversed, then layers by longest path. */
function longestPath(
  n: number,
  links: readonly { from: number; to: number }[],
): { layerOf: number[]; isBack(from: number, to: number): boolean } {
  const calls: number[][] = Array.from({ length: n }, () => []);
  for (const { from, to } of links) calls[from]?.push(to);
  const back = breakCycles(calls);
  const isBack = (from: number, to: number) => back.has(from * n + to);
  const forward: number[][] = Array.from({ length: n }, () => []);
  for (const { from, to } of links) {
    const [a, b] = isBack(from, to) ? [to, from] : [from, to];
    (forward[a] as number[]).push(b);
  }
  return { layerOf: longestPathLayers(forward), isBack };
}

/** The given layers as ranks, 0 up, none empty; a layer not finite is the first. */
function givenLayers(
  names: readonly string[],
  given: ReadonlyMap<string, number>,
): { layerOf: number[]; isBack(from: number, to: number): boolean } {
  const asked = names.map((name) => {
    const layer = given.get(name) ?? 0;
    return Number.isFinite(layer) ? layer : 0;
  });
  const ranks = new Map([...new Set(asked)].sort((a, b) => a - b).map((layer, rank) => [layer, rank]));
  const layerOf = asked.map((layer) => ranks.get(layer) as number);
  return { layerOf, isBack: (from, to) => (layerOf[from] as number) > (layerOf[to] as number) };
}

/** How many pairs of edges cross in a layered graph, as drawn. */
export function crossingsOf(layered: LayeredGraph): number {
  const layerOf = new Map<number, number>();
  layered.layers.forEach((layer, l) => {
    for (const v of layer) layerOf.set(v, l);
  });
  let vertices = 0;
  for (const v of layerOf.keys()) vertices = Math.max(vertices, v + 1);
  const next: number[][] = Array.from({ length: vertices }, () => []);
  for (const { vertices } of layered.routes) {
    for (let i = 0; i + 1 < vertices.length; i++) {
      const [a, b] = [vertices[i] as number, vertices[i + 1] as number];
      const [left, right] = (layerOf.get(a) as number) < (layerOf.get(b) as number) ? [a, b] : [b, a];
      (next[left] as number[]).push(right);
    }
  }
  return countCrossings(layered.layers, next);
}

const NO_LABEL: Size = { width: 0, height: 0 };

/**
 * Pixel positions for a layered graph in `size`: layers in evenly spaced columns (the first and last
 * inset for their labels), each layer spread evenly down the whole height, a bend point taking a
 * third of a node's room (it needs no label and no outline). The node radius is at most 0.3 of the
 * tightest spacing between nodes, so nodes never overlap, edges bending between two nodes pass clear
 * of both, and no node leaves `size`. `label` is the room of the widest and tallest label
 * (node-label.ts): the first and last columns keep half its width clear, nodes sit higher by its height.
 */
export function placeLayers(layered: LayeredGraph, size: Size, label: Size = NO_LABEL): GraphLayout {
  const { layers } = layered;
  // A size not measured yet (0 or NaN) gets a drawing of no size rather than a NaN one.
  const [width, height] = [Math.max(size.width, 0) || 0, Math.max(size.height, 0) || 0];
  const isNode = (v: number) => v < layered.names.length;
  const room = (v: number) => (isNode(v) ? 1 : BEND_ROOM);
  const rows = rowsOf(layered);
  const labelPx = Math.min(Math.max(label.height, 0) || 0, height / rows / 2);
  const sidePx = Math.min(Math.max(MAX_SIDE_PX, label.width / 2 + 4), width / 4);
  const columnPx = layers.length > 1 ? (width - 2 * sidePx) / (layers.length - 1) : Number.POSITIVE_INFINITY;
  const nodeRadius = Math.max(0, Math.min(MAX_NODE_RADIUS_PX, (0.3 * height) / rows, 0.3 * columnPx, sidePx));
  const points: Point[] = [];
  layers.forEach((layer, column) => {
    const x = layers.length > 1 ? sidePx + column * columnPx : width / 2;
    const rowPx = height / layer.reduce((sum, v) => sum + room(v), 0);
    let y = 0;
    for (const v of layer) {
      // A node and the label under it are centred in the node's room together.
      points[v] = { x, y: y + (room(v) * rowPx - (isNode(v) ? labelPx : 0)) / 2 };
      y += room(v) * rowPx;
    }
  });
  const at = (v: number) => points[v] as Point;
  const bendPx = Math.min(30, (0.4 * height) / rows);
  return {
    width,
    height,
    nodeRadius,
    nodes: layered.names.map((name, v) => ({ name, x: round(at(v).x), y: round(at(v).y) })),
    edges: layered.routes.map(({ parent, child, vertices, reversed }) => ({
      parent,
      child,
      path:
        vertices.length === 1
          ? selfLoop(at(vertices[0] as number), nodeRadius)
          : curveThrough(trimEnds(vertices.map(at), nodeRadius), reversed ? bendPx : 0),
    })),
  };
}

/** The rows of the fullest layer, a bend point counting as BEND_ROOM of a row. */
function rowsOf(layered: LayeredGraph): number {
  const room = (v: number) => (v < layered.names.length ? 1 : BEND_ROOM);
  // A loop, not Math.max(...rows): spread arguments overflow the stack past ~100k layers.
  let rows = 1;
  for (const layer of layered.layers)
    rows = Math.max(
      rows,
      layer.reduce((sum, v) => sum + room(v), 0),
    );
  return rows;
}

/** Leaves a node's outline sideways, and stops the arrowhead's length short of the next one's. */
function trimEnds(points: Point[], radius: number): Point[] {
  const first = points[0] as Point;
  const second = points[1] as Point;
  const last = points[points.length - 1] as Point;
  const beforeLast = points[points.length - 2] as Point;
  const trimmed = [...points];
  trimmed[0] = { x: first.x + Math.sign(second.x - first.x) * radius, y: first.y };
  trimmed[points.length - 1] = {
    x: last.x - Math.sign(last.x - beforeLast.x) * (radius + ARROW_PX),
    y: last.y,
  };
  return trimmed;
}

/**
 * The size to lay `layered` out in for a viewport: the viewport's, shrunk towards the room the
 * graph needs (MAX_ROW_PX, MAX_COLUMN_PX) and grown where it needs more to stay readable
 * (MIN_ROW_PX, MIN_COLUMN_PX, and the labels' room). Grown, it takes the viewport's proportions, so that zoomed out to
 * fit it fills the view rather than a strip of it; zooming in reads it.
 */
export function layeredSize(layered: LayeredGraph, viewport: Size, label: Size = NO_LABEL): Size {
  const columns = Math.max(1, layered.layers.length);
  const rows = rowsOf(layered);
  // Labels wrap (node-label.ts) but are never cut: a column is as wide as the widest, a row as tall as
  // a node and the tallest.
  const labelWidth = Math.max(label.width, 0) || 0;
  const labelHeight = Math.max(label.height, 0) || 0;
  const minColumnPx = Math.max(MIN_COLUMN_PX, labelWidth + 24);
  const minRowPx =
    labelHeight > 0 ? Math.max(MIN_ROW_PX, 2 * MAX_NODE_RADIUS_PX + labelHeight + 10) : MIN_ROW_PX;
  // A viewport not measured yet (0 or NaN) is as small as a viewport gets.
  const [viewWidth, viewHeight] = [Math.max(viewport.width, 1) || 1, Math.max(viewport.height, 1) || 1];
  const width = Math.max(
    columns * minColumnPx,
    Math.min(viewWidth, columns * Math.max(MAX_COLUMN_PX, minColumnPx)),
  );
  const height = Math.max(rows * minRowPx, Math.min(viewHeight, rows * Math.max(MAX_ROW_PX, minRowPx)));
  const grown = Math.max(width / viewWidth, height / viewHeight);
  return grown <= 1
    ? { width, height }
    : { width: Math.max(width, viewWidth * grown), height: Math.max(height, viewHeight * grown) };
}
