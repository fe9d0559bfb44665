import { describe, expect, it } from "vitest";
import { forceLayout, forceSize } from "./force-layout";
import type { GraphTopology } from "./graph-layout";
import { estate, graphOf, outOfBounds, overlaps } from "./test-graphs";

const VIEWPORT = { width: 1200, height: 640 };

describe("forceLayout", () => {
  it.each<[string, GraphTopology]>([
    ["a chain", graphOf("front>api api>db")],
    ["a diamond", graphOf("a>b a>c b>d c>d")],
    ["a cycle", graphOf("a>b b>c c>a")],
    ["disconnected components", graphOf("a>b c>d e>f f>g", ["lone"])],
    ["a self-call", graphOf("a>a a>b")],
    ["120 nodes", estate(120)],
  ])("keeps %s inside its size without overlaps", (_name, graph) => {
    const size = forceSize(graph.nodes.length);
    const layout = forceLayout(graph, size);
    expect(layout.nodes.map((node) => node.name)).toEqual(graph.nodes.map((node) => node.name));
    expect(layout.edges).toHaveLength(graph.links.length);
    expect(layout.width).toBeLessThanOrEqual(size.width);
    expect(layout.height).toBeLessThanOrEqual(size.height);
    expect(outOfBounds(layout)).toEqual([]);
    expect(overlaps(layout)).toEqual([]);
  });

  it("squeezes a graph into a small size rather than leave it", () => {
    const layout = forceLayout(estate(60), { width: 300, height: 200 });
    expect(layout.width).toBeLessThanOrEqual(300);
    expect(layout.nodeRadius).toBeGreaterThan(0);
    expect(outOfBounds(layout)).toEqual([]);
    expect(overlaps(layout)).toEqual([]);
  });

  it("draws the same graph the same way every time", () => {
    const graph = estate(40);
    expect(forceLayout(graph, VIEWPORT)).toEqual(forceLayout(graph, VIEWPORT));
  });

  it("keeps a small graph at its natural size", () => {
    const layout = forceLayout(graphOf("a>b"), VIEWPORT);
    expect(layout.width).toBeLessThan(VIEWPORT.width / 2);
    expect(layout.nodeRadius).toBe(14);
  });

  it("bows a link and its opposite to either side", () => {
    const [there, back] = forceLayout(graphOf("a>b b>a"), VIEWPORT).edges.map((edge) => edge.path);
    expect(there).not.toEqual(back);
  });

  it("lays out 120 nodes fast", () => {
    const graph = estate(120);
    const startMs = performance.now();
    forceLayout(graph, forceSize(120));
    expect(performance.now() - startMs).toBeLessThan(500);
  });
});
