import { describe, expect, it } from "vitest";
import type { GraphTopology } from "./graph-layout";
import { COLUMN_GAP_PX, ROW_GAP_PX, topDownLayout } from "./top-down-layout";

const BOX = { width: 200, height: 60 };
const PITCH = BOX.height + ROW_GAP_PX;

function graph(links: [string, string][], extra: string[] = []): GraphTopology {
  const names = new Set([...links.flat(), ...extra]);
  return {
    nodes: [...names].map((name) => ({ name })),
    links: links.map(([parent, child]) => ({ parent, child })),
  };
}

const centreOf = (layout: ReturnType<typeof topDownLayout>, name: string) =>
  layout.nodes.find((node) => node.name === name);

describe("topDownLayout", () => {
  it("stacks a chain of calls top-down, each edge from a box's bottom to the next one's top", () => {
    const layout = topDownLayout(
      graph([
        ["a", "b"],
        ["b", "c"],
      ]),
      BOX,
    );
    const x = (BOX.width + 2 * COLUMN_GAP_PX) / 2;
    expect(layout.nodes).toEqual([
      { name: "a", x, y: 30 },
      { name: "b", x, y: 30 + PITCH },
      { name: "c", x, y: 30 + 2 * PITCH },
    ]);
    expect(layout).toMatchObject({
      width: BOX.width + 2 * COLUMN_GAP_PX,
      height: 3 * PITCH - ROW_GAP_PX,
      box: BOX,
    });
    // Down from a's bottom (y 60) to the arrowhead's length above b's top (y 124).
    expect(layout.edges[0]).toEqual({
      parent: "a",
      child: "b",
      path: `M${x},60C${x},88.5 ${x},88.5 ${x},117`,
      label: { x, y: 88.5 },
    });
  });

  it("spreads a node's callees across the row beneath it, centred under it, boxes clear of each other", () => {
    const layout = topDownLayout(
      graph([
        ["root", "x"],
        ["root", "y"],
        ["root", "z"],
      ]),
      BOX,
    );
    const [root, ...row] = ["root", "x", "y", "z"].map((name) => centreOf(layout, name));
    expect(row.map((node) => node?.y)).toEqual([30 + PITCH, 30 + PITCH, 30 + PITCH]);
    const xs = row.map((node) => node?.x as number).sort((a, b) => a - b);
    expect(xs[1]).toBe(root?.x);
    expect((xs[1] as number) - (xs[0] as number)).toBe(BOX.width + COLUMN_GAP_PX);
    expect(Math.min(...xs) - BOX.width / 2).toBeGreaterThan(0);
    expect(Math.max(...xs) + BOX.width / 2).toBeLessThan(layout.width);
  });

  it("routes an edge that skips a row through a bend point, labelled on its middle segment", () => {
    const layout = topDownLayout(
      graph([
        ["a", "b"],
        ["b", "c"],
        ["a", "c"],
      ]),
      BOX,
    );
    const longEdge = layout.edges[2];
    expect(longEdge).toMatchObject({ parent: "a", child: "c" });
    // Two cubic segments: a → bend point in b's row → c.
    expect(longEdge?.path.match(/C/g)).toHaveLength(2);
    expect(longEdge?.label.y).toBeCloseTo((30 + PITCH + (30 + 2 * PITCH - 30 - 7)) / 2, 1);
  });

  it("draws a call back to a caller upwards, bowed right of the call down", () => {
    const layout = topDownLayout(
      graph([
        ["a", "b"],
        ["b", "a"],
      ]),
      BOX,
    );
    const [down, up] = layout.edges;
    const a = centreOf(layout, "a");
    expect(down?.path).toMatch(new RegExp(`^M${a?.x},60C`));
    // From b's top up to below a's bottom, the arrowhead's length short of it.
    expect(up?.path).toMatch(new RegExp(`^M${a?.x},${30 + PITCH - 30}C.* ${a?.x},67$`));
    expect(up?.label.x).toBeGreaterThan(a?.x as number);
  });

  it("loops a self-call out of its box's right side and labels it there", () => {
    const layout = topDownLayout(graph([["a", "a"]]), BOX);
    const a = centreOf(layout, "a") as { x: number; y: number };
    const right = a.x + BOX.width / 2;
    expect(layout.edges[0]?.path).toMatch(new RegExp(`^M${right},${a.y - 10}C`));
    expect(layout.edges[0]?.label.x).toBeGreaterThan(right);
    // The label keeps inside the drawing.
    expect(layout.width - (layout.edges[0]?.label.x as number)).toBeGreaterThanOrEqual(40);
  });

  it("puts nodes in the rows given, in order and none empty", () => {
    const layers = new Map([
      ["a", 0],
      ["b", 5],
      ["c", 5],
      ["d", 9],
    ]);
    const layout = topDownLayout(
      graph([
        ["a", "b"],
        ["b", "c"],
        ["a", "d"],
        ["d", "a"],
      ]),
      BOX,
      layers,
    );
    expect(["a", "b", "c", "d"].map((name) => centreOf(layout, name)?.y)).toEqual([
      30,
      30 + PITCH,
      30 + PITCH,
      30 + 2 * PITCH,
    ]);
    const [b, c] = [centreOf(layout, "b"), centreOf(layout, "c")] as { x: number; y: number }[];
    // Within a row: from b's bottom, under the row, up into c's bottom.
    expect(layout.edges[1]?.path).toMatch(
      new RegExp(`^M${b?.x},${(b?.y as number) + 30}C.* ${c?.x},${(c?.y as number) + 37}$`),
    );
    expect(layout.edges[1]?.label.y).toBeGreaterThan((b?.y as number) + 30);
    // From a row below to the one above: d's top up to a's bottom.
    const d = centreOf(layout, "d");
    expect(layout.edges[3]?.path).toMatch(new RegExp(`^M${d?.x},${(d?.y as number) - 30}C`));
  });

  it("puts a node nobody calls in the top row, and lays out nothing as an empty drawing", () => {
    expect(topDownLayout(graph([["a", "b"]], ["alone"]), BOX).nodes.find((n) => n.name === "alone")?.y).toBe(
      30,
    );
    expect(topDownLayout(graph([]), BOX)).toMatchObject({ height: 0, nodes: [], edges: [] });
  });
});
