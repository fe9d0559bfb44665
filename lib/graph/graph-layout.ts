/**
 * What both graph layouts (layered-layout.ts, force-layout.ts) return, and the geometry they share.
 * Pixels throughout, (0, 0) the top left of the drawing; every node's shape fits in a circle of
 * `nodeRadius` around its centre, which lies inside the size the layout was given.
 */
export interface Size {
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

/** Just what a layout reads of the graph: names, and who calls whom. */
export interface GraphTopology {
  nodes: readonly { name: string }[];
  links: readonly { parent: string; child: string }[];
}

export interface PositionedNode extends Point {
  name: string;
}

export interface PositionedEdge {
  parent: string;
  child: string;
  /** SVG path data from the parent's outline to the child's, ARROW_PX short of it for the arrowhead. */
  path: string;
}

/** `width` and `height` are the room the drawing takes: at most the size the layout was given. */
export interface GraphLayout extends Size {
  nodeRadius: number;
  nodes: PositionedNode[];
  /** One per link, in the links' order. */
  edges: PositionedEdge[];
}

/** The length of the arrowhead drawn past an edge path's end (userSpaceOnUse). */
export const ARROW_PX = 7;

/** The zoom that shows all of `content` in `viewport`, centred, `marginPx` clear; never enlarges. */
export function fitTransform(
  content: Size,
  viewport: Size,
  marginPx = 24,
): { k: number; x: number; y: number } {
  // Sizes not measured yet (0 or NaN) fit at no zoom rather than a NaN one.
  const [width, height] = [Math.max(viewport.width, 0) || 0, Math.max(viewport.height, 0) || 0];
  const [contentWidth, contentHeight] = [Math.max(content.width, 1) || 1, Math.max(content.height, 1) || 1];
  const k = Math.min(
    1,
    Math.max(0, width - 2 * marginPx) / contentWidth,
    Math.max(0, height - 2 * marginPx) / contentHeight,
  );
  return { k, x: (width - contentWidth * k) / 2, y: (height - contentHeight * k) / 2 };
}

/**
 * A smooth path through `points` (at least two), one cubic segment per pair with both control
 * points half-way across in x: every joint is crossed horizontally, so a long edge through the
 * layers' bend points reads as one curve. `bendPx` pushes the control points at either end down,
 * to tell an edge drawn backwards from its opposite drawn forwards between the same nodes. With
 * `axis` "y", for layers stacked top-down, the same turned a quarter: joints are crossed
 * vertically, half-way down, and `bendPx` pushes right.
 */
export function curveThrough(points: readonly Point[], bendPx = 0, axis: "x" | "y" = "x"): string {
  // Written for "x"; "y" swaps the coordinates in and out.
  const turn = axis === "x" ? (p: Point) => p : (p: Point) => ({ x: p.y, y: p.x });
  const pair = (across: number, along: number) =>
    axis === "x" ? `${round(across)},${round(along)}` : `${round(along)},${round(across)}`;
  const [first, ...rest] = points.map(turn) as [Point, ...Point[]];
  const last = rest.length - 1;
  let path = `M${pair(first.x, first.y)}`;
  let from = first;
  rest.forEach((to, i) => {
    const mid = (from.x + to.x) / 2;
    // Bent where the edge leaves and reaches its nodes only: bend points stay crossed horizontally.
    const fromBent = from.y + (i === 0 ? bendPx : 0);
    const toBent = to.y + (i === last ? bendPx : 0);
    path += `C${pair(mid, fromBent)} ${pair(mid, toBent)} ${pair(to.x, to.y)}`;
    from = to;
  });
  return path;
}

/**
 * An arc from the outline of a node at `from` to `ARROW_PX` short of the outline of one at `to`,
 * bowed to its left by a sixth of its length so that a link and its opposite stay apart.
 */
export function arcBetween(from: Point, to: Point, radius: number): string {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy) || 1;
  const control = {
    x: (from.x + to.x) / 2 + (dy / length) * (length / 6),
    y: (from.y + to.y) / 2 - (dx / length) * (length / 6),
  };
  const start = toward(from, control, radius);
  const end = toward(to, control, radius + ARROW_PX);
  return `M${round(start.x)},${round(start.y)}Q${round(control.x)},${round(control.y)} ${round(end.x)},${round(end.y)}`;
}

/** A service calling itself: a loop over the top of its node, arriving from the upper right. */
export function selfLoop(centre: Point, radius: number): string {
  const { x, y } = centre;
  const r = radius;
  return `M${round(x - r * 0.5)},${round(y - r * 0.87)}C${round(x - r * 1.6)},${round(y - r * 3.2)} ${round(x + r * 1.6)},${round(y - r * 3.2)} ${round(x + r * 0.5 + ARROW_PX * 0.3)},${round(y - r * 0.87 - ARROW_PX * 0.95)}`;
}

/** The point `distance` from `from` in the direction of `to`. */
export function toward(from: Point, to: Point, distance: number): Point {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy) || 1;
  return { x: from.x + (dx / length) * distance, y: from.y + (dy / length) * distance };
}

/** A tenth of a pixel is finer than any screen: shorter paths, same picture. */
export function round(px: number): number {
  return Math.round(px * 10) / 10;
}
