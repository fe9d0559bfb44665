import { describe, expect, it } from "vitest";
import type { AttributeDiffEntry } from "../api/attribute-diff";
import { diffBars, shareLabel } from "./diff-bars";

const entry = (value: string, selection: number, baseline: number): AttributeDiffEntry => ({
  key: "service.version",
  value,
  source: "resource",
  selection,
  baseline,
  tag: `service.version=${value}`,
});

describe("diffBars", () => {
  it("scales every bar to the largest share shown, keeping pairs in proportion", () => {
    const bars = diffBars([entry("2.1", 0.5, 0.1), entry("1.9", 0.25, 0.4)], 10);
    expect(bars.map((bar) => [bar.selectionWidthPct, bar.baselineWidthPct])).toEqual([
      [100, 20],
      [50, 80],
    ]);
    expect(bars.map((bar) => [bar.selectionLabel, bar.baselineLabel])).toEqual([
      ["50%", "10%"],
      ["25%", "40%"],
    ]);
  });

  it("shows the first entries only, scaled among themselves", () => {
    const bars = diffBars([entry("a", 0.2, 0), entry("b", 0.9, 0.9)], 1);
    expect(bars).toHaveLength(1);
    expect(bars[0]?.selectionWidthPct).toBe(100);
  });

  it("draws no bar when every share is 0", () => {
    expect(diffBars([entry("a", 0, 0)], 5)[0]).toMatchObject({ selectionWidthPct: 0, baselineWidthPct: 0 });
  });
});

describe("shareLabel", () => {
  it.each([
    [0, "0%"],
    [0.004, "<1%"],
    [0.005, "1%"],
    [0.623, "62%"],
    [0.996, ">99%"],
    [1, "100%"],
  ])("%d is %s", (share, label) => expect(shareLabel(share)).toBe(label));
});
