import { describe, expect, it } from "vitest";
import type { GraphTopology } from "./graph-layout";
import { crossingsOf, type LayeredGraph, layeredLayout, layeredSize, layerGraph } from "./layered-layout";
import { estate, graphOf, outOfBounds, overlaps } from "./test-graphs";

const SIZE = { width: 800, height: 400 };

/** Each layer's node names, bend points left out, each layer sorted (order is tested on its own). */
function layerNames(layered: LayeredGraph): string[][] {
  return layered.layers.map((layer) =>
    layer
      .filter((v) => v < layered.names.length)
      .map((v) => layered.names[v] as string)
      .sort(),
  );
}

function route(layered: LayeredGraph, parent: string, child: string) {
  const found = layered.routes.find((r) => r.parent === parent && r.child === child);
  if (!found) throw new Error(`no route ${parent}>${child}`);
  return found;
}

describe("layerGraph", () => {
  it.each<[string, GraphTopology, string[][], string[]]>([
    ["a chain", graphOf("front>api api>db"), [["front"], ["api"], ["db"]], []],
    ["a diamond", graphOf("a>b a>c b>d c>d"), [["a"], ["b", "c"], ["d"]], []],
    ["a cycle", graphOf("a>b b>c c>a"), [["a"], ["b"], ["c"]], ["c>a"]],
    [
      "a callback to the caller, entered from outside",
      graphOf("gw>a a>b b>a"),
      [["gw"], ["a"], ["b"]],
      ["b>a"],
    ],
    [
      "disconnected components and a lone node",
      graphOf("a>b c>d", ["lone"]),
      [
        ["a", "c", "lone"],
        ["b", "d"],
      ],
      [],
    ],
    ["a shortcut past a layer", graphOf("a>b b>c a>c"), [["a"], ["b"], ["c"]], []],
    ["a self-call", graphOf("a>a a>b"), [["a"], ["b"]], []],
    [
      "a link to a node the list lacks",
      { nodes: [{ name: "a" }], links: [{ parent: "a", child: "b" }] },
      [["a"], ["b"]],
      [],
    ],
  ])("%s", (_name, graph, layers, reversed) => {
    const layered = layerGraph(graph);
    expect(layerNames(layered)).toEqual(layers);
    expect(layered.routes.filter((r) => r.reversed).map((r) => `${r.parent}>${r.child}`)).toEqual(reversed);
    // Every route steps one layer at a time, rightwards unless reversed.
    const layerOf = new Map(layered.layers.flatMap((layer, l) => layer.map((v) => [v, l] as const)));
    for (const r of layered.routes) {
      const steps = r.vertices
        .slice(1)
        .map((v, i) => (layerOf.get(v) as number) - (layerOf.get(r.vertices[i] as number) as number));
      for (const step of steps) expect(step).toBe(r.reversed ? -1 : 1);
    }
    expect(crossingsOf(layered)).toBe(0);
  });

  it("bends a link that skips a layer through a point in that layer", () => {
    const layered = layerGraph(graphOf("a>b b>c a>c"));
    const shortcut = route(layered, "a", "c");
    expect(shortcut.vertices).toHaveLength(3);
    expect(shortcut.vertices[1]).toBeGreaterThanOrEqual(layered.names.length);
    expect(layered.layers[1]).toContain(shortcut.vertices[1]);
  });

  it("draws a reversed link from its parent to its child", () => {
    const layered = layerGraph(graphOf("a>b b>c c>a"));
    const { vertices } = route(layered, "c", "a");
    expect(vertices.map((v) => layered.names[v])).toEqual(["c", undefined, "a"]);
  });

  it("untangles crossings that the first order had", () => {
    // Depth-first, the first layer is a, b, c and the second z, x, y: b>y crosses c>x. Moving c
    // up next to a, which shares x with it, removes the crossing.
    const layered = layerGraph(graphOf("a>z a>x b>y c>x", ["a", "b", "c"]));
    expect(crossingsOf(layered)).toBe(0);
    expect(layered.layers[0]?.map((v) => layered.names[v])).toEqual(["a", "c", "b"]);
  });

  it("removes at least a third of the crossings of a 120-node estate's depth-first order", () => {
    const graph = estate(120);
    expect(crossingsOf(layerGraph(graph))).toBeLessThan((2 / 3) * crossingsOf(layerGraph(graph, 0)));
  });
});

describe("layeredLayout", () => {
  it("draws a link as a horizontal curve from outline to just short of the arrowhead", () => {
    // Columns inset by 64 px for the labels; nodes 14 px; the arrowhead 7 px.
    const layout = layeredLayout(graphOf("a>b"), { width: 400, height: 100 });
    expect(layout.nodeRadius).toBe(14);
    expect(layout.nodes).toEqual([
      { name: "a", x: 64, y: 50 },
      { name: "b", x: 336, y: 50 },
    ]);
    expect(layout.edges).toEqual([{ parent: "a", child: "b", path: "M78,50C196.5,50 196.5,50 315,50" }]);
  });

  it("bows a link drawn backwards away from its opposite", () => {
    const layout = layeredLayout(graphOf("a>b b>a"), { width: 400, height: 100 });
    const [forward, back] = layout.edges.map((edge) => edge.path);
    expect(forward).toBe("M78,50C196.5,50 196.5,50 315,50");
    expect(back).toBe("M322,50C203.5,80 203.5,80 85,50");
  });

  it("loops a self-call over its node", () => {
    const layout = layeredLayout(graphOf("a>a"), { width: 400, height: 100 });
    expect(layout.edges[0]?.path).toMatch(/^M193,37.8C/);
  });

  it.each<[string, GraphTopology]>([
    ["a chain", graphOf("front>api api>db")],
    ["a diamond", graphOf("a>b a>c b>d c>d")],
    ["a cycle", graphOf("a>b b>c c>a")],
    ["disconnected components", graphOf("a>b c>d e>f f>g", ["lone"])],
    ["120 nodes", estate(120)],
    ["a tiny drawing", graphOf("a>b b>c")],
  ])("keeps %s inside its size without overlaps", (name, graph) => {
    const size = name === "a tiny drawing" ? { width: 30, height: 10 } : SIZE;
    const layout = layeredLayout(graph, size);
    expect(layout.nodes).toHaveLength(graph.nodes.length);
    expect(layout.nodeRadius).toBeGreaterThan(0);
    expect(outOfBounds(layout)).toEqual([]);
    expect(overlaps(layout)).toEqual([]);
    expect(layout.width).toBe(size.width);
  });

  it("lays out 120 nodes fast", () => {
    const graph = estate(120);
    const startMs = performance.now();
    layeredLayout(graph, layeredSize(layerGraph(graph), SIZE));
    expect(performance.now() - startMs).toBeLessThan(250);
  });
});

describe("layeredSize", () => {
  it.each([
    ["a chain keeps to the room it needs", graphOf("a>b b>c"), { width: 960, height: 120 }],
    [
      "a tall graph gets the height to read, and the viewport's proportions",
      graphOf(Array.from({ length: 30 }, (_, i) => `gw>s${i}`).join(" ")),
      { width: 2640, height: 1320 },
    ],
    [
      "a long chain gets the width to read, and the viewport's proportions",
      graphOf(Array.from({ length: 12 }, (_, i) => `s${i}>s${i + 1}`).join(" ")),
      { width: 2080, height: 1040 },
    ],
  ])("%s", (_name, graph, size) => {
    expect(layeredSize(layerGraph(graph), { width: 1200, height: 600 })).toEqual(size);
  });
});
