import { describe, expect, it } from "vitest";
import { arcBetween, curveThrough, fitTransform } from "./graph-layout";
import { nodeShape } from "./node-shape";

describe("fitTransform", () => {
  it.each([
    ["a small drawing is centred, not enlarged", { width: 200, height: 100 }, { k: 1, x: 500, y: 270 }],
    ["a tall drawing is shrunk to the height", { width: 600, height: 2960 }, { k: 0.2, x: 540, y: 24 }],
    ["a wide drawing is shrunk to the width", { width: 4608, height: 200 }, { k: 0.25, x: 24, y: 295 }],
  ])("%s", (_name, content, transform) => {
    expect(fitTransform(content, { width: 1200, height: 640 })).toEqual(transform);
  });
});

describe("curveThrough", () => {
  it("crosses every joint horizontally", () => {
    expect(
      curveThrough([
        { x: 0, y: 0 },
        { x: 100, y: 50 },
        { x: 200, y: 20 },
      ]),
    ).toBe("M0,0C50,0 50,50 100,50C150,50 150,20 200,20");
  });

  it("bends down by as much as asked", () => {
    expect(
      curveThrough(
        [
          { x: 100, y: 0 },
          { x: 0, y: 0 },
        ],
        20,
      ),
    ).toBe("M100,0C50,20 50,20 0,0");
  });

  it("bends only where it leaves and reaches its nodes, crossing bend points horizontally", () => {
    const points = [
      { x: 200, y: 0 },
      { x: 100, y: 40 },
      { x: 0, y: 0 },
    ];
    expect(curveThrough(points, 20)).toBe("M200,0C150,20 150,40 100,40C50,40 50,20 0,0");
  });

  it("top-down, crosses every joint vertically and bends right", () => {
    const points = [
      { x: 0, y: 200 },
      { x: 40, y: 100 },
      { x: 0, y: 0 },
    ];
    expect(curveThrough(points, 20, "y")).toBe("M0,200C20,150 40,150 40,100C40,50 20,50 0,0");
  });
});

describe("arcBetween", () => {
  it("leaves the first node's outline and stops the arrowhead short of the second's", () => {
    // Left to right, the arc bows up (to its left); 10 px radius, 7 px arrowhead.
    const path = arcBetween({ x: 0, y: 100 }, { x: 120, y: 100 }, 10);
    const [start, control, end] = (path.match(/-?[\d.]+,-?[\d.]+/g) ?? []).map((pair) =>
      pair.split(",").map(Number),
    );
    expect(control).toEqual([60, 80]);
    expect(Math.hypot((start?.[0] ?? 0) - 0, (start?.[1] ?? 0) - 100)).toBeCloseTo(10, 0);
    expect(Math.hypot((end?.[0] ?? 0) - 120, (end?.[1] ?? 0) - 100)).toBeCloseTo(17, 0);
  });
});

describe("nodeShape", () => {
  it.each([
    ["service", /^M-10,0A10,10 /, false],
    ["external", /^M-10,0A10,10 /, false],
    ["database", /^M-7.8,-6.5A7.8,2.5 /, true],
    ["queue", /^M10,0L5,8.7L/, false],
    ["something new", /^M-10,0A10,10 /, false],
  ])("a %s", (kind, body, rim) => {
    const shape = nodeShape(kind, 10);
    expect(shape.body).toMatch(body);
    expect(shape.rim !== undefined).toBe(rim);
  });
});
