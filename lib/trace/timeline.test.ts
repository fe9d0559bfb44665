import { describe, expect, it } from "vitest";
import { barInView, clampView, panView, rowWindow, type View, viewTicks, WHOLE, zoomView } from "./timeline";

function expectView(view: View, start: number, end: number): void {
  expect(view.start).toBeCloseTo(start);
  expect(view.end).toBeCloseTo(end);
}

describe("zoomView and panView", () => {
  it("zooms in around the anchor, keeping it still", () => {
    const view = zoomView(WHOLE, 0.5, 0.25);
    expectView(view, 0.125, 0.625);
    // The anchor was at 0.25 of the trace before and is at 0.25 of the view after.
    expect((0.25 - view.start) / (view.end - view.start)).toBeCloseTo(0.25);
  });

  it("zooms out no further than the whole trace, and stays inside it", () => {
    expectView(zoomView({ start: 0.9, end: 1 }, 4, 1), 0.6, 1);
    expect(zoomView({ start: 0.2, end: 0.4 }, 100)).toEqual(WHOLE);
  });

  it("pans by a fraction of the trace and stops at its edges", () => {
    expectView(panView({ start: 0.2, end: 0.4 }, 0.1), 0.3, 0.5);
    expectView(panView({ start: 0.2, end: 0.4 }, -1), 0, 0.2);
    expectView(panView({ start: 0.2, end: 0.4 }, 5), 0.8, 1);
  });

  it("makes a brushed view valid whatever the drag's direction and size", () => {
    expect(clampView({ start: 0.7, end: 0.2 })).toEqual({ start: 0.2, end: 0.7 });
    expect(clampView({ start: -1, end: 2 })).toEqual(WHOLE);
    const point = clampView({ start: 0.5, end: 0.5 });
    expect(point.end - point.start).toBeGreaterThan(0);
  });
});

describe("viewTicks", () => {
  it("labels round durations from the trace's start across the view", () => {
    expect(viewTicks(WHOLE, 1_000_000, 5)).toEqual([
      { percent: 0, label: "0µs" },
      { percent: 20, label: "200ms" },
      { percent: 40, label: "400ms" },
      { percent: 60, label: "600ms" },
      { percent: 80, label: "800ms" },
      { percent: 100, label: "1s" },
    ]);
  });

  it("labels a zoomed view with times of the trace, not of the view", () => {
    const ticks = viewTicks({ start: 0.5, end: 0.6 }, 1_000_000, 2);
    expect(ticks.map((tick) => tick.label)).toEqual(["500ms", "550ms", "600ms"]);
    expect(ticks[1]?.percent).toBeCloseTo(50);
  });
});

describe("barInView", () => {
  it("places a bar in percent of the timeline", () => {
    expect(barInView(250, 500, 1000, WHOLE)).toEqual({ left: 25, width: 50 });
  });

  it("clips a bar to a zoomed view and drops one outside it", () => {
    const bar = barInView(0, 600, 1000, { start: 0.5, end: 1 });
    expect(bar?.left).toBe(0);
    expect(bar?.width).toBeCloseTo(20);
    expect(barInView(0, 100, 1000, { start: 0.5, end: 1 })).toBeUndefined();
  });

  it("keeps a zero-length span's place, and copes with a zero-length trace", () => {
    expect(barInView(500, 0, 1000, WHOLE)).toEqual({ left: 50, width: 0 });
    expect(barInView(0, 0, 0, WHOLE)).toEqual({ left: 0, width: 0 });
  });
});

describe("rowWindow", () => {
  it("returns the rows on screen and some on each side", () => {
    expect(rowWindow(0, 100, 20, 1000, 2)).toEqual({ first: 0, last: 7 });
    expect(rowWindow(2000, 100, 20, 1000, 2)).toEqual({ first: 98, last: 107 });
    expect(rowWindow(19_990, 100, 20, 1000, 2)).toEqual({ first: 997, last: 1000 });
    expect(rowWindow(0, 100, 20, 0)).toEqual({ first: 0, last: 0 });
  });
});
