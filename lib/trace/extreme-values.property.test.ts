import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  expectSane,
  extremeNumber,
  extremePx,
  extremeTrace,
  extremeUs,
  isAscending,
} from "../../test/extreme-values";
import { analyseTrace } from "../analysis/trace-analysis";
import { analysisMarks } from "./analysis-marks";
import { findInTrace } from "./find";
import { layoutFlame, MIN_RECT_PX } from "./flame";
import { buildOutline, collapsedBelow, maxDepth, visibleRows } from "./outline";
import { applySkewCorrection, correctClockSkew } from "./skew";
import { summariseTrace } from "./summary";
import { barInView, clampView, panView, rowWindow, viewTicks, zoomView } from "./timeline";
import { buildTraceTree } from "./tree";

const view = fc.record({ start: extremeNumber, end: extremeNumber });

describe("lib/trace on extreme values", () => {
  it("builds every span into the tree once, corrects skew and summarises in finite numbers", () => {
    fc.assert(
      fc.property(extremeTrace, (spans) => {
        const raw = buildTraceTree(spans);
        expect(raw.rows).toHaveLength(spans.length);
        const correction = correctClockSkew(raw);
        expectSane(correction.shiftsUs);
        const tree = applySkewCorrection(raw, correction);
        for (const { span } of tree.rows) expectSane([span.startUs, span.durationUs, span.events]);
        const stats = summariseTrace(tree);
        expectSane(stats);
        expect(stats.durationUs).toBeGreaterThanOrEqual(0);
        expect(stats.endUs).toBeGreaterThanOrEqual(stats.startUs);
      }),
      { numRuns: 300 },
    );
  });

  it("outlines, collapses and finds within the rows", () => {
    fc.assert(
      fc.property(extremeTrace, fc.nat(12), (spans, depth) => {
        const tree = buildTraceTree(spans);
        const outline = buildOutline(tree);
        outline.subtreeEnd.forEach((end, row) => {
          expect(end).toBeGreaterThan(row);
          expect(end).toBeLessThanOrEqual(spans.length);
        });
        const visible = visibleRows(outline, collapsedBelow(outline, depth));
        expect(isAscending([...visible])).toBe(true);
        expect(maxDepth(outline)).toBeLessThan(Math.max(1, spans.length));
        for (const row of findInTrace(tree, "1")) expect(row).toBeLessThan(spans.length);
      }),
      { numRuns: 200 },
    );
  });

  it("lays the flame graph out inside its view, whatever the window", () => {
    fc.assert(
      fc.property(extremeTrace, extremeUs, extremeUs, extremePx, (spans, startUs, endUs, width) => {
        const tree = buildTraceTree(spans);
        const rects = layoutFlame(tree, { startUs, endUs, width });
        expectSane(rects);
        for (const rect of rects) {
          expect(rect.x).toBeGreaterThanOrEqual(0);
          expect(rect.x + rect.width).toBeLessThanOrEqual(width * (1 + 1e-9));
          expect(rect.width).toBeGreaterThanOrEqual(MIN_RECT_PX);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("keeps every view inside the trace and every tick and bar a finite percentage", () => {
    fc.assert(
      fc.property(view, extremeNumber, extremeNumber, extremeUs, (raw, factor, delta, durationUs) => {
        for (const v of [clampView(raw), zoomView(clampView(raw), factor), panView(clampView(raw), delta)]) {
          expectSane(v);
          expect(v.start).toBeGreaterThanOrEqual(0);
          expect(v.end).toBeLessThanOrEqual(1);
          expect(v.end).toBeGreaterThan(v.start);
        }
        const ticks = viewTicks(clampView(raw), durationUs, 8);
        expectSane(ticks);
        expect(ticks.length).toBeLessThanOrEqual(50);
        expect(isAscending(ticks.map((tick) => tick.percent))).toBe(true);
        const bar = barInView(durationUs / 3, durationUs / 2, durationUs, clampView(raw));
        expectSane(bar);
      }),
      { numRuns: 500 },
    );
  });

  it("windows the rows of a virtual list within the list", () => {
    fc.assert(
      fc.property(
        extremeNumber,
        extremeNumber,
        extremeNumber,
        fc.nat(1_000_000),
        (top, height, rowPx, count) => {
          const { first, last } = rowWindow(top, height, rowPx, count);
          expectSane([first, last]);
          expect(first).toBeGreaterThanOrEqual(0);
          expect(last).toBeGreaterThanOrEqual(first);
          expect(last).toBeLessThanOrEqual(Math.max(first, count));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("marks the analysis on the rows in finite numbers", () => {
    fc.assert(
      fc.property(extremeTrace, (spans) => {
        const tree = buildTraceTree(spans);
        const marks = analysisMarks(tree, analyseTrace(tree, new Map()));
        expect(marks).toHaveLength(spans.length);
        expectSane(marks.filter((mark) => mark !== undefined));
      }),
      { numRuns: 200 },
    );
  });
});
