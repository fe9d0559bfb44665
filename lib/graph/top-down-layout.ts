import {
  ARROW_PX,
  curveThrough,
  type GraphTopology,
  type Point,
  type PositionedNode,
  round,
  type Size,
} from "./graph-layout";
import { type LayeredGraph, layerGraph } from "./layered-layout";

/**
 * The layered layout (layered-layout.ts: cycles broken, longest-path layers, bend points, fewest
 * crossings) drawn top-down with nodes as boxes of one size, for a trace's span graph: the root's
 * layer at the top, each layer a row of boxes centred across the widest row, an edge leaving its
 * parent's bottom and reaching its child's top, through a bend point in each row it crosses.
 *
 *        ┌────────┐              row 0
 *        └───┬────┘
 *        2 calls    ·            edges' labels half-way down the gap between rows
 *     ┌──────▼─┐    ·            row 1 (· a bend point of a longer edge)
 *     └────────┘    ·
 *           ┌───────▼┐           row 2
 *           └────────┘ ⟲ 3       an operation calling itself: a loop on its box's right
 *
 * Rows may be given (a trace's operations by their shallowest span): then a call to a row above is
 * drawn upwards, bowed right, and one within a row as an arc under it.
 *
 * Pixels, (0, 0) the top left; the size returned holds every box, loop and label.
 */
export interface BoxEdge {
  parent: string;
  child: string;
  /** SVG path data, ARROW_PX short of the child's box for the arrowhead. */
  path: string;
  /** Where the edge's label goes: the curve's middle, or right of a self-call's loop. */
  label: Point;
}

export interface BoxLayout extends Size {
  box: Size;
  /** Each box's centre. */
  nodes: PositionedNode[];
  /** One per link, in the links' order. */
  edges: BoxEdge[];
}

/** Between boxes in a row: room for a self-call's loop and its label. */
export const COLUMN_GAP_PX = 72;
/** Between rows: room for the edges' labels. */
export const ROW_GAP_PX = 64;
/** A bend point's room in its row. */
const BEND_ROOM_PX = 24;
/** How far a self-call's loop reaches out of its box. */
const LOOP_PX = 22;
/** How far right an edge drawn upwards (a call back to a caller) bows, to pass its opposite. */
const BACK_BEND_PX = 28;

/**
 * `layers` by node name puts each node in its row (layered-layout.ts's `given`: a trace's operation
 * in the row of its shallowest span, say); without, rows are by longest path from the callers.
 */
export function topDownLayout(
  graph: GraphTopology,
  box: Size,
  layers?: ReadonlyMap<string, number>,
): BoxLayout {
  return placeTopDown(layerGraph(graph, undefined, layers), box);
}

export function placeTopDown(layered: LayeredGraph, box: Size): BoxLayout {
  const w = Math.max(box.width, 0) || 0;
  const h = Math.max(box.height, 0) || 0;
  const isNode = (v: number) => v < layered.names.length;
  const room = (v: number) => (isNode(v) ? w + COLUMN_GAP_PX : BEND_ROOM_PX);
  const rowWidths = layered.layers.map((layer) => layer.reduce((sum, v) => sum + room(v), 0));
  // A loop, not Math.max(...rows): spread arguments overflow the stack past ~100k rows.
  let widest = w + COLUMN_GAP_PX;
  for (const rowWidth of rowWidths) widest = Math.max(widest, rowWidth);
  // Half a gap more either side: the last box's loop and label reach a whole gap past it.
  const width = widest + COLUMN_GAP_PX;
  const pitch = h + ROW_GAP_PX;
  const points: Point[] = [];
  layered.layers.forEach((layer, row) => {
    let x = (width - (rowWidths[row] as number)) / 2;
    for (const v of layer) {
      points[v] = { x: x + room(v) / 2, y: row * pitch + h / 2 };
      x += room(v);
    }
  });
  const at = (v: number) => points[v] as Point;
  return {
    width,
    height: Math.max(0, layered.layers.length * pitch - ROW_GAP_PX),
    box: { width: w, height: h },
    nodes: layered.names.map((name, v) => ({ name, x: round(at(v).x), y: round(at(v).y) })),
    edges: layered.routes.map(({ parent, child, vertices, reversed }) => {
      const route = vertices.map(at);
      if (route.length === 1) return { parent, child, ...selfCall(route[0] as Point, w) };
      if (route.length === 2 && route[0]?.y === route[1]?.y)
        return { parent, child, ...withinRow(route[0] as Point, route[1] as Point, h) };
      return { parent, child, ...between(route, h, reversed ? BACK_BEND_PX : 0) };
    }),
  };
}

/** From the first box's bottom (or top, drawn upwards) to ARROW_PX short of the last box's top. */
function between(route: Point[], boxHeight: number, bendPx: number): Omit<BoxEdge, "parent" | "child"> {
  const first = route[0] as Point;
  const last = route[route.length - 1] as Point;
  const down = Math.sign((route[1] as Point).y - first.y) || 1;
  const up = Math.sign(last.y - (route[route.length - 2] as Point).y) || 1;
  const points = [...route];
  points[0] = { x: first.x, y: first.y + (down * boxHeight) / 2 };
  points[points.length - 1] = { x: last.x, y: last.y - up * (boxHeight / 2 + ARROW_PX) };
  // The middle segment's middle: a cubic with both control points half-way down passes through it,
  // pushed by three eighths of the bends at its ends.
  const i = Math.floor((points.length - 1) / 2);
  const [from, to] = [points[i] as Point, points[i + 1] as Point];
  const bends = (i === 0 ? bendPx : 0) + (i + 1 === points.length - 1 ? bendPx : 0);
  return {
    path: curveThrough(points, bendPx, "y"),
    label: { x: round((from.x + to.x) / 2 + (3 / 8) * bends), y: round((from.y + to.y) / 2) },
  };
}

/** Between two boxes of one row (given rows only): under the row, bottom to bottom, arriving upwards. */
function withinRow(from: Point, to: Point, boxHeight: number): Omit<BoxEdge, "parent" | "child"> {
  const bottom = from.y + boxHeight / 2;
  const dip = bottom + ROW_GAP_PX * 0.6;
  return {
    path: `M${round(from.x)},${round(bottom)}C${round(from.x)},${round(dip)} ${round(to.x)},${round(dip)} ${round(to.x)},${round(bottom + ARROW_PX)}`,
    // A cubic with both control points at `dip` reaches three quarters of the way down to it.
    label: { x: round((from.x + to.x) / 2), y: round(bottom + (3 / 4) * (dip - bottom)) },
  };
}

/** A loop out of the box's right side and back into it, arriving leftwards; its label right of it. */
function selfCall(centre: Point, boxWidth: number): Omit<BoxEdge, "parent" | "child"> {
  const right = centre.x + boxWidth / 2;
  const { y } = centre;
  const out = right + LOOP_PX;
  return {
    path: `M${round(right)},${round(y - 10)}C${round(out)},${round(y - 22)} ${round(out)},${round(y + 22)} ${round(right + ARROW_PX)},${round(y + 10)}`,
    label: { x: round(out + 4), y: round(y) },
  };
}
