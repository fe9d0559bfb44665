import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectSane, extremePx, extremeUs } from "../../test/extreme-values";
import type { TraceSummary } from "../api/trace-summary";
import { brushWindow, scatterLayout } from "./scatter";

/** A search result as a `traces` row reads back: any bigint start and end, any counts. */
const summary: fc.Arbitrary<TraceSummary> = fc
  .record({
    id: fc.nat(),
    startUs: extremeUs,
    endUs: extremeUs,
    spanCount: fc.integer(),
    errorCount: fc.integer(),
  })
  .map(({ id, startUs, endUs, spanCount, errorCount }) => ({
    traceId: id.toString(16).padStart(16, "0"),
    startUs,
    durationUs: endUs - startUs,
    spanCount,
    errorCount,
    serviceCounts: {},
    rootService: "api",
    rootName: "GET /",
    rootHttpStatus: null,
  }));
const window = fc.option(fc.record({ startUs: extremeUs, endUs: extremeUs }), { nil: undefined });

describe("scatterLayout on extreme values", () => {
  it("lays out any results in any window and size in finite pixels, with ticks in order", () => {
    fc.assert(
      fc.property(
        fc.array(summary, { maxLength: 20 }),
        window,
        extremePx,
        extremePx,
        (traces, timeWindow, width, height) => {
          const layout = scatterLayout(traces, { width, height }, timeWindow);
          expectSane(layout);
          // About one tick per 120 px across and 36 px down, however wide the time or durations.
          const { plot } = layout;
          expect(layout.xTicks.length).toBeLessThanOrEqual(Math.max(10, (plot.right - plot.left) / 40));
          expect(layout.yTicks.length).toBeLessThanOrEqual(Math.max(20, (plot.bottom - plot.top) / 10));
          if (layout.time) {
            expectSane(brushWindow(layout.plot.left, layout.plot.right, layout.time));
            expectSane(brushWindow(width, -width, layout.time));
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
