import { describe, expect, it } from "vitest";
import type { TraceSummary } from "../api/trace-summary";
import { brushSlowerThanUs, brushWindow, type ScatterLayout, scatterLayout } from "./scatter";

/** 2026-11-22 10:00:00 UTC, in µs. */
const T0 = Date.UTC(2026, 10, 22, 10, 0, 0) * 1000;
/** A plot 400 px wide (52..452) and 200 px high (8..208) inside the margins. */
const SIZE = { width: 464, height: 230 };

function trace(traceId: string, startUs: number, durationUs: number, more: Partial<TraceSummary> = {}) {
  return {
    traceId,
    startUs,
    durationUs,
    spanCount: 1,
    errorCount: 0,
    serviceCounts: { frontend: 1 },
    rootService: "frontend",
    rootName: "GET /",
    rootHttpStatus: 200,
    ...more,
  } satisfies TraceSummary;
}

function dot(layout: ScatterLayout, traceId: string) {
  const found = layout.dots.find((d) => d.traceId === traceId);
  if (!found) throw new Error(`no dot for ${traceId}`);
  return found;
}

function expectFinite(layout: ScatterLayout) {
  const numbers = [
    ...layout.dots.flatMap((d) => [d.x, d.y, d.r]),
    ...layout.xTicks.map((t) => t.px),
    ...layout.yTicks.map((t) => t.px),
  ];
  for (const n of numbers) expect(Number.isFinite(n)).toBe(true);
}

describe("scatterLayout", () => {
  it("places hand-made results by start time and log duration, inset by the largest radius", () => {
    // One-span traces have the smallest radius, 3 px, so the dots' area is inset by 4 px.
    const layout = scatterLayout(
      [
        trace("a", T0, 1_000),
        trace("b", T0 + 30_000_000, 10_000, { errorCount: 2 }),
        trace("c", T0 + 60_000_000, 100_000),
      ],
      SIZE,
      { startUs: T0, endUs: T0 + 60_000_000 },
    );
    expect(layout.plot).toEqual({ left: 52, top: 8, right: 452, bottom: 208 });
    expect(dot(layout, "a")).toEqual({ traceId: "a", x: 56, y: 204, r: 3, error: false });
    expect(dot(layout, "b")).toMatchObject({ x: 252, error: true });
    expect(dot(layout, "b").y).toBeCloseTo(108);
    expect(dot(layout, "c")).toMatchObject({ x: 448, y: 12, error: false });
  });

  it("gives every decade of duration the same height, slower higher", () => {
    const durations = [10, 1_000, 100_000, 10_000_000];
    const layout = scatterLayout(
      durations.map((durationUs, i) => trace(`t${i}`, T0 + i, durationUs)),
      SIZE,
    );
    const ys = durations.map((_, i) => dot(layout, `t${i}`).y);
    for (let i = 1; i < ys.length; i++) {
      expect(ys[i]).toBeLessThan(ys[i - 1] as number);
      expect((ys[i - 1] as number) - (ys[i] as number)).toBeCloseTo((ys[0] as number) - (ys[1] as number));
    }
  });

  it("labels many decades of duration with thinned powers of ten", () => {
    const layout = scatterLayout([trace("fast", T0, 1), trace("slow", T0 + 1, 100_000_000)], SIZE);
    expect(layout.yTicks.map((t) => t.label)).toEqual(["1µs", "100µs", "10ms", "1s", "1m 40s"]);
    expect(layout.yTicks[0]?.px).toBeGreaterThan(layout.yTicks[1]?.px as number);
  });

  it("labels a narrow duration range with evenly stepped round durations", () => {
    const layout = scatterLayout([trace("a", T0, 80_000), trace("b", T0 + 1, 120_000)], SIZE);
    expect(layout.yTicks.map((t) => t.label)).toEqual(["80ms", "90ms", "100ms", "110ms", "120ms"]);
  });

  it("grows the radius with the square root of span count, clamped to 3..14 px", () => {
    const layout = scatterLayout(
      [
        trace("none", T0, 1_000, { spanCount: 0 }),
        trace("one", T0, 1_000, { spanCount: 1 }),
        trace("hundred", T0, 1_000, { spanCount: 100 }),
        trace("huge", T0, 1_000, { spanCount: 400 }),
      ],
      SIZE,
    );
    expect(dot(layout, "none").r).toBe(3);
    expect(dot(layout, "one").r).toBe(3);
    expect(dot(layout, "huge").r).toBe(14);
    // sqrt(100) is halfway from sqrt(1) to sqrt(400) less a little: 3 + 11 * 9 / 19.
    expect(dot(layout, "hundred").r).toBeCloseTo(3 + (11 * 9) / 19);
    expect(layout.dots.map((d) => d.traceId)).toEqual(["huge", "hundred", "none", "one"]);
  });

  it("keeps a page of small traces small", () => {
    const layout = scatterLayout([trace("a", T0, 1_000, { spanCount: 5 })], SIZE);
    expect(dot(layout, "a").r).toBeLessThan(6);
  });

  it("centres a single result in a window around it, without NaN", () => {
    const layout = scatterLayout([trace("only", T0, 1_000)], SIZE);
    expectFinite(layout);
    expect(dot(layout, "only").x).toBeCloseTo(252);
    expect(dot(layout, "only").y).toBeCloseTo(108);
    expect(layout.time).toMatchObject({ startUs: T0 - 1_000_000, endUs: T0 + 1_000_000 });
    expect(layout.xTicks.length).toBeGreaterThan(1);
    expect(layout.yTicks.length).toBeGreaterThan(1);
  });

  it("floors zero-duration traces at 1µs, on the bottom edge, without NaN", () => {
    const allZero = scatterLayout([trace("a", T0, 0), trace("b", T0 + 5, 0)], SIZE);
    expectFinite(allZero);
    expect(dot(allZero, "a").y).toBe(204);
    const mixed = scatterLayout([trace("zero", T0, 0), trace("slow", T0 + 5, 1_000)], SIZE);
    expectFinite(mixed);
    expect(dot(mixed, "zero").y).toBe(204);
    expect(dot(mixed, "slow").y).toBe(12);
  });

  it("draws nothing for no results, but still the time axis of a given window", () => {
    expect(scatterLayout([], SIZE)).toEqual({
      plot: { left: 52, top: 8, right: 452, bottom: 208 },
      dots: [],
      xTicks: [],
      yTicks: [],
    });
    const windowed = scatterLayout([], SIZE, { startUs: T0, endUs: T0 + 60_000_000 });
    expect(windowed.dots).toEqual([]);
    expect(windowed.yTicks).toEqual([]);
    expect(windowed.xTicks.map((t) => t.label)).toEqual([
      "10:00:00",
      "10:00:15",
      "10:00:30",
      "10:00:45",
      "10:01:00",
    ]);
  });

  it("leaves out results starting outside the window", () => {
    const layout = scatterLayout([trace("before", T0 - 1, 5), trace("inside", T0 + 1, 5)], SIZE, {
      startUs: T0,
      endUs: T0 + 1_000_000,
    });
    expect(layout.dots.map((d) => d.traceId)).toEqual(["inside"]);
  });

  it("survives a plot with no room at all", () => {
    expectFinite(scatterLayout([trace("a", T0, 5), trace("b", T0 + 9, 50)], { width: 0, height: 0 }));
  });

  it.each([
    ["a sub-second window, to the millisecond", 400_000, "10:00:00.000"],
    ["an hour, to the second", 3_600_000_000, "10:00:00"],
    ["a day, by date and hour", 86_400_000_000, "Nov 22 12:00"],
    ["three days, by date", 3 * 86_400_000_000, "2026-11-23"],
  ])("labels the clock for %s", (_, lengthUs, firstLabel) => {
    const layout = scatterLayout([], SIZE, { startUs: T0, endUs: T0 + lengthUs });
    expect(layout.xTicks[0]?.label).toBe(firstLabel);
    expect(layout.xTicks.length).toBeGreaterThan(1);
    expect(layout.xTicks.length).toBeLessThanOrEqual(6);
  });
});

describe("brushWindow", () => {
  const window = { startUs: T0, endUs: T0 + 60_000_000 };
  const layout = scatterLayout([trace("a", T0 + 10, 1_000)], SIZE, window);
  const time = layout.time;
  if (!time) throw new Error("a window always has a time axis");

  it("turns a brush back into the times under it, dragged either way", () => {
    // 56..448 px is the window; 252 px its middle, 350 px three quarters in.
    const expected = { startUs: T0 + 30_000_000, endUs: T0 + 45_000_000 };
    expect(brushWindow(252, 350, time)).toEqual(expected);
    expect(brushWindow(350, 252, time)).toEqual(expected);
  });

  it("round-trips a dot's start time through pixels to the microsecond", () => {
    const x = dot(layout, "a").x;
    const brushed = brushWindow(x - 0.001, x + 0.001, time);
    expect(brushed.startUs).toBeLessThanOrEqual(T0 + 10);
    expect(brushed.endUs).toBeGreaterThanOrEqual(T0 + 10);
    expect(brushed.endUs - brushed.startUs).toBeLessThan(1_000);
  });

  it("clamps a brush dragged past the plot's edges to the plot", () => {
    const whole = brushWindow(-100, 10_000, time);
    expect(whole).toEqual(brushWindow(52, 452, time));
    // The 4 px inset at each side is time too, a little before and after the window.
    expect(whole.startUs).toBeLessThan(window.startUs);
    expect(whole.endUs).toBeGreaterThan(window.endUs);
  });
});

describe("brushSlowerThanUs", () => {
  // 1ms and 1s: three decades over the plot's 200 px, less the biggest dot's radius at each end.
  const layout = scatterLayout([trace("fast", T0, 1_000), trace("slow", T0 + 1, 1_000_000)], SIZE);
  const axis = layout.duration;
  if (!axis) throw new Error("plotted results always have a duration axis");

  it("is the duration at the brush's lower edge, dragged either way, to two significant figures", () => {
    const middle = (axis.lowPx + axis.highPx) / 2; // √(1ms·1s) ≈ 31.6ms
    expect(brushSlowerThanUs(middle, axis.highPx, axis)).toBe(31_000);
    expect(brushSlowerThanUs(axis.highPx, middle, axis)).toBe(31_000);
  });

  it("keeps a dot on the lower edge inside the selection", () => {
    expect(brushSlowerThanUs(dot(layout, "slow").y, 0, axis)).toBeLessThanOrEqual(1_000_000);
    expect(brushSlowerThanUs(dot(layout, "fast").y, 0, axis)).toBeLessThanOrEqual(1_000);
  });

  it("clamps a brush dragged below the plot to its bottom edge", () => {
    expect(brushSlowerThanUs(10_000, 0, axis)).toBe(brushSlowerThanUs(axis.plotBottom, 0, axis));
    expect(brushSlowerThanUs(10_000, 0, axis)).toBeGreaterThanOrEqual(1);
  });

  it("has no axis without results", () => {
    expect(scatterLayout([], SIZE, { startUs: T0, endUs: T0 + 1 }).duration).toBeUndefined();
  });
});
