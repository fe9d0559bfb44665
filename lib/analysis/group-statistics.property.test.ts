import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectSane, extremeTrace, isAscending } from "../../test/extreme-values";
import { buildTraceTree } from "../trace/tree";
import { criticalPath } from "./critical-path";
import { type GroupStats, groupStatistics } from "./group-statistics";
import { selfTimes } from "./self-time";
import { FIELD_DIMENSIONS, type SpanDimension } from "./span-dimensions";

const dimension = fc.constantFrom<SpanDimension>(
  ...FIELD_DIMENSIONS,
  "tag:db.system",
  "tag:http.status_code",
  "tag:service.name",
  "tag:absent",
);
const limit = fc.integer({ min: 1, max: 4 });

describe("groupStatistics on any trace", () => {
  it("puts every span in one group and one sub-group, within the limits, in finite numbers", () => {
    fc.assert(
      fc.property(
        extremeTrace,
        dimension,
        fc.option(dimension, { nil: undefined }),
        limit,
        limit,
        (spans, by, then, groups, subgroups) => {
          const tree = buildTraceTree(spans);
          const result = groupStatistics(tree, selfTimes(tree), criticalPath(tree).criticalUs, by, then, {
            groups,
            subgroups,
          });
          expectSane(result);
          const countOf = (rows: GroupStats[]) => rows.reduce((sum, row) => sum + row.count, 0);
          expect(countOf(result)).toBe(spans.length);
          expect(result.reduce((sum, row) => sum + row.errors, 0)).toBe(
            spans.filter((span) => span.status.code === "ERROR").length,
          );
          expect(result.length).toBeLessThanOrEqual(groups + 1);
          for (const group of result) {
            expect(isAscending([group.minUs, group.p95Us, group.maxUs])).toBe(true);
            expect(group.count).toBeGreaterThan(0);
            if (then !== undefined) expect(countOf(group.subgroups)).toBe(group.count);
            expect(group.subgroups.length).toBeLessThanOrEqual(subgroups + 1);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
