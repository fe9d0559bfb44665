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

  const xs = nodes.map((node) => node.x ?? 0);
  const ys = nodes.map((node) => node.y ?? 0);
  const minX = Math.min(...xs) - NODE_ROOM;
  const minY = Math.min(...ys) - NODE_ROOM;
  const spanX = Math.max(...xs) + NODE_ROOM - minX;
  const spanY = Math.max(...ys) + NODE_ROOM - minY;
  const scale = Math.min(
    1,
    Math.max(0, size.width - 2 * MARGIN_PX) / spanX,
    Math.max(0, size.height - 2 * MARGIN_PX) / spanY,
  );
  // Shrink-wrapped: a small graph gets a small drawing, which the view shows at its natural size.
  const width = Math.min(size.width, spanX * scale + 2 * MARGIN_PX);
  const height = Math.min(size.height, spanY * scale + 2 * MARGIN_PX);
  const offsetX = (width - spanX * scale) / 2;
  const offsetY = (height - spanY * scale) / 2;
  // Collision keeps centres about 2 × NODE_ROOM apart; half of that is a safe radius.
  const nodeRadius = Math.min(MAX_NODE_RADIUS_PX, NODE_ROOM * scale * 0.5);
  const positioned = nodes.map((node) => ({
    name: node.name,
    x: round(offsetX + ((node.x ?? 0) - minX) * scale),
    y: round(offsetY + ((node.y ?? 0) - minY) * scale),
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

/**
 * The most room to give the simulation: twice a link's length squared per node, so that the
 * simulation is never squeezed and the view zooms out to a big graph instead. It does not depend on
 * the viewport, so resizing the window never runs the simulation again.
 */
export function forceSize(nodeCount: number): Size {
  const side = 2 * Math.sqrt(Math.max(1, nodeCount)) * LINK_LENGTH;
  return { width: side * 1.5, height: side };
}
