import {
  forceCollide,
  forceLink,
  forceManyBody,
  forceSimulation,
  forceX,
  forceY,
  type SimulationNodeDatum,
} from "d3";
import { arcBetween, type GraphLayout, type GraphTopology, round, type Size, selfLoop } from "./graph-layout";

/**
 * The dependency graph as a force simulation: links pull, nodes push apart and never come closer
 * than a label's room, a weak pull to the centre keeps disconnected parts in view. Run synchronously
 * for a fixed number of ticks (d3's default cooling reaches rest in about 300) from d3's own
 * deterministic start, so the same graph always gets the same picture, then scaled (never enlarged)
 * to fit `size`; the layout's own size is the room it took, at most `size`.
 */
const TICKS = 300;
/** The simulation's own units: the room a node and its label keep around them, and a link's length. */
const NODE_ROOM = 30;
const LINK_LENGTH = 90;
const MAX_NODE_RADIUS_PX = 14;
const MARGIN_PX = 8;

interface ForceNode extends SimulationNodeDatum {
  name: string;
}

export function forceLayout(graph: GraphTopology, size: Size, ticks = TICKS): GraphLayout {
  if (graph.nodes.length === 0 && graph.links.length === 0) {
    return { width: 0, height: 0, nodeRadius: 0, nodes: [], edges: [] };
  }
  const nodes: ForceNode[] = graph.nodes.map(({ name }) => ({ name }));
  const byName = new Map(nodes.map((node) => [node.name, node]));
  for (const { parent, child } of graph.links) {
    for (const name of [parent, child]) {
      if (!byName.has(name)) {
        const node = { name };
        nodes.push(node);
        byName.set(name, node);
      }
    }
  }
  const links = graph.links
    .filter(({ parent, child }) => parent !== child)
    .map(({ parent, child }) => ({ source: parent, target: child }));
  const simulation = forceSimulation(nodes)
    .force(
      "link",
      forceLink<ForceNode, { source: string; target: string }>(links)
        .id((node) => node.name)
        .distance(LINK_LENGTH),
    )
    .force(
      "charge",
      forceManyBody()
        .strength(-240)
        .distanceMax(LINK_LENGTH * 6),
    )
    .force("collide", forceCollide(NODE_ROOM))
    .force("x", forceX(0).strength(0.04))
    .force("y", forceY(0).strength(0.06))
    .stop();
  simulation.tick(ticks);

  const [minX, maxX] = extentOf(nodes.map((node) => node.x ?? 0));
  const [minY, maxY] = extentOf(nodes.map((node) => node.y ?? 0));
  const spanX = maxX - minX + 2 * NODE_ROOM;
  const spanY = maxY - minY + 2 * NODE_ROOM;
  // A size not measured yet (0 or NaN) gets the smallest drawing rather than a NaN one.
  const [sizeWidth, sizeHeight] = [Math.max(size.width, 0) || 0, Math.max(size.height, 0) || 0];
  const scale = Math.min(
    1,
    Math.max(0, sizeWidth - 2 * MARGIN_PX) / spanX,
    Math.max(0, sizeHeight - 2 * MARGIN_PX) / spanY,
  );
  // Shrink-wrapped: a small graph gets a small drawing, which the view shows at its natural size.
  const width = Math.min(sizeWidth, spanX * scale + 2 * MARGIN_PX);
  const height = Math.min(sizeHeight, spanY * scale + 2 * MARGIN_PX);
  const offsetX = (width - spanX * scale) / 2;
  const offsetY = (height - spanY * scale) / 2;
  // Collision keeps centres about 2 × NODE_ROOM apart; half of that is a safe radius.
  const nodeRadius = Math.min(MAX_NODE_RADIUS_PX, NODE_ROOM * scale * 0.5);
  const positioned = nodes.map((node) => ({
    name: node.name,
    x: round(offsetX + ((node.x ?? 0) - minX + NODE_ROOM) * scale),
    y: round(offsetY + ((node.y ?? 0) - minY + NODE_ROOM) * scale),
  }));
  const at = new Map(positioned.map((node) => [node.name, node]));
  return {
    width,
    height,
    nodeRadius,
    nodes: positioned,
    edges: graph.links.map(({ parent, child }) => {
      const from = at.get(parent) as { x: number; y: number };
      const to = at.get(child) as { x: number; y: number };
      return {
        parent,
        child,
        path: parent === child ? selfLoop(from, nodeRadius) : arcBetween(from, to, nodeRadius),
      };
    }),
  };
}

/** The smallest and largest of `values`, in one pass: a spread of 100k nodes overflows the stack. */
function extentOf(values: number[]): [number, number] {
  let [min, max] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (const value of values) [min, max] = [Math.min(min, value), Math.max(max, value)];
  return [min, max];
}

/**
 * The most room to give the simulation: twice a link's length squared per node, so that the
 * simulation is never squeezed and the view zooms out to a big graph instead. It does not depend on
 * the viewport, so resizing the window never runs the simulation again.
 */
export function forceSize(nodeCount: number): Size {
  const side = 2 * Math.sqrt(Math.max(1, nodeCount)) * LINK_LENGTH;
  return { width: side * 1.5, height: side };
}
