import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectSane, extremeTrace, isAscending, storedCounts } from "../../test/extreme-values";
import { operationKey } from "../services/histogram";
import { applySkewCorrection, correctClockSkew } from "../trace/skew";
import { buildTraceTree } from "../trace/tree";
import { compareTraces, largestDeltaUs } from "./compare";
import { criticalPath } from "./critical-path";
import { selfTimes } from "./self-time";
import { analyseTrace } from "./trace-analysis";

describe("trace analysis on extreme values", () => {
  const history = fc.array(fc.tuple(fc.constantFrom("api", "db", "", "unknown_service"), storedCounts), {
    maxLength: 3,
  });

  it("analyses any trace in finite numbers, with a path in time order and self times within durations", () => {
    fc.assert(
      fc.property(extremeTrace, history, fc.boolean(), (spans, baselines, skew) => {
        const raw = buildTraceTree(spans);
        const tree = skew ? applySkewCorrection(raw, correctClockSkew(raw)) : raw;
        const byOperation = new Map(
          spans.flatMap((span) =>
            baselines.map(([service, c]) => [
              operationKey(service === "" ? span.serviceName : service, span.name),
              c,
            ]),
          ),
        );
        const analysis = analyseTrace(tree, byOperation);
        expectSane(analysis);
        expect(analysis.summary.endsWith(".")).toBe(true);
        const path = analysis.criticalPath;
        for (const [i, segment] of path.entries()) {
          expect(segment.endUs).toBeGreaterThan(segment.startUs);
          if (i > 0) expect(segment.startUs).toBeGreaterThanOrEqual((path[i - 1] as { endUs: number }).endUs);
        }
        const self = selfTimes(tree);
        tree.rows.forEach(({ span }, row) => {
          // Past 2^53 (unbounded input) the end is rounded: the bound is the end less the start.
          const lengthUs = span.startUs + span.durationUs - span.startUs;
          expect(self[row]).toBeGreaterThanOrEqual(0);
          expect(self[row]).toBeLessThanOrEqual(Math.max(0, lengthUs));
        });
        for (const stat of analysis.statistics) {
          expect(isAscending([stat.minUs, stat.p95Us, stat.maxUs])).toBe(true);
          expect(stat.criticalShare).toBeGreaterThanOrEqual(0);
          expect(stat.criticalShare).toBeLessThanOrEqual(1 + 1e-9);
        }
        for (const span of Object.values(analysis.spans)) {
          if (span.percentile !== null) expect(span.percentile).toBeGreaterThanOrEqual(0);
          if (span.percentile !== null) expect(span.percentile).toBeLessThanOrEqual(1);
        }
        expectSane(criticalPath(tree).criticalUs);
      }),
      { numRuns: 300 },
    );
  });

  it("compares any two traces in finite numbers", () => {
    fc.assert(
      fc.property(extremeTrace, extremeTrace, (a, b) => {
        const nodes = compareTraces(buildTraceTree(a), buildTraceTree(b));
        expectSane(nodes);
        expectSane(largestDeltaUs(nodes));
      }),
      { numRuns: 200 },
    );
  });
});
