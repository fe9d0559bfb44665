import { describe, expect, it } from "vitest";
import { analysisTree, nameOf, span, TRACES, type TraceName } from "../../test/analysis-traces";
import { readFixture, readZipkinV2Fixture } from "../../test/fixtures";
import { largeZipkinTrace } from "../../test/large-trace";
import { decodeJaegerJson } from "../ingest/jaeger/json";
import { decodeZipkinV2 } from "../ingest/zipkin/v2";
import { applySkewCorrection, correctClockSkew } from "../trace/skew";
import { buildTraceTree, type TraceTree } from "../trace/tree";
import { selfTimes } from "./self-time";

/** Self time in ms by span name. */
function selfMs(tree: TraceTree): Record<string, number> {
  const self = selfTimes(tree);
  return Object.fromEntries(tree.rows.map((_, row) => [nameOf(tree, row), (self[row] as number) / 1000]));
}

describe("selfTimes on the shared traces (skew-corrected first)", () => {
  it.each<[TraceName, Record<string, number>]>([
    ["single span", { root: 80 }],
    ["sequential children", { root: 20, a: 30, b: 30, c: 20 }],
    ["overlapping siblings", { root: 20, a: 50, b: 40 }], // 10–90 covered once
    ["async child outlives its parent", { root: 60, job: 90, late: 20 }], // job clipped to 60–100
    ["producer/consumer", { root: 90, publish: 5, consume: 75 }], // consume covers 15–20 of publish
    ["follows-from", { root: 20, follower: 80 }],
    ["missing parent", { root: 60, a: 40, retry: 20, b: 50 }],
    ["clock skew", { root: 20, call: 20, handle: 60 }], // handle shifted to 20–80
    ["zero-duration spans", { root: 80, mark: 0, a: 20 }],
    ["zero-duration trace", { root: 0, a: 0 }],
    ["login", { "POST /oauth2/token": 8, bcrypt: 70, "SELECT users": 2 }],
  ])("%s", (name, expected) => {
    expect(selfMs(analysisTree(TRACES[name]))).toEqual(expected);
  });

  it.each<[string, Parameters<typeof span>[], Record<string, number>]>([
    [
      "children out of start order after skew correction",
      // b (another service) starts before its CLIENT parent and is centred in it, after c.
      [
        ["root", undefined, 0, 100],
        ["call", "root", 10, 20, { kind: "CLIENT" }],
        ["b", "call", -50, 10, { serviceName: "db" }],
        ["c", "call", 12, 3],
      ],
      { root: 80, call: 20 - 3 - 10, b: 10, c: 3 },
    ],
    [
      "a child that covers its whole parent",
      [
        ["root", undefined, 10, 20],
        ["wide", "root", 0, 50],
      ],
      { root: 0, wide: 50 },
    ],
  ])("%s", (_, spans, expected) => {
    expect(selfMs(analysisTree(spans.map((args) => span(...args))))).toEqual(expected);
  });
});

/**
 * Jaeger UI's trace statistics tests (TraceStatistics/tableValues.test.js) give self times in ms
 * rounded to two decimals, summed by service or by service and operation: the same here.
 */
describe("selfTimes against Jaeger UI's trace statistics", { tags: ["corpus"] }, () => {
  function selfMsBy(path: string, group: (service: string, operation: string) => string) {
    const tree = buildTraceTree(decodeJaegerJson(readFixture(path)).spans);
    const self = selfTimes(tree);
    const totals: Record<string, number> = {};
    tree.rows.forEach(({ span: s }, row) => {
      const key = group(s.serviceName, s.name);
      totals[key] = (totals[key] ?? 0) + (self[row] as number);
    });
    return Object.fromEntries(Object.entries(totals).map(([key, us]) => [key, Math.round(us / 10) / 100]));
  }
  const byService = (service: string) => service;
  const byOperation = (service: string, operation: string) => `${service} ${operation}`;

  it.each<[string, string, (service: string, operation: string) => string, Record<string, number>]>([
    [
      "a plain two-service trace, by service",
      "stats-testTraceNormal.json",
      byService,
      { "api-gateway": 3.16, "customers-service": 1.74 },
    ],
    [
      "spans among each other",
      "stats-spansAmongEachOther.json",
      byOperation,
      { "customers-service GET /owners": 1.67 },
    ],
    [
      "spans among each other and two other children",
      "stats-spanAmongEachOtherGroupedAndSpans.json",
      byOperation,
      { "customers-service GET /owners": 1.56 },
    ],
    [
      "children longer than their parent",
      "stats-spanLongerAsParent.json",
      byOperation,
      { "api-gateway GET /owners/8/pets/10": 1.22 },
    ],
    [
      "two overlapping children longer than their parent and a short one",
      "stats-traceWithOverlappingChildrenLongerThanParent.json",
      byService,
      { "service-one": 0.03 },
    ],
    [
      "a single child that starts after its parent and ends after it",
      "stats-traceWithSingleChildLongerThanParentAndStartsAfterParent.json",
      byService,
      { "service-one": 0.04 },
    ],
    [
      // No upstream expectation for this version of the file: 36 µs − the union 3–19 of the children.
      "three short overlapping children",
      "stats-traceWithThreeShortOverlappingChildren.json",
      byService,
      { "service-one": 0.02 },
    ],
  ])("%s (%s)", (_, file, group, expected) => {
    expect(selfMsBy(`jaeger-ui/${file}`, group)).toMatchObject(expected);
  });
});

/** Within 0 and the span's duration, and below it where children took some. */
function expectSelfTimesWithinDurations(tree: TraceTree) {
  for (const analysed of [tree, applySkewCorrection(tree, correctClockSkew(tree))]) {
    const self = selfTimes(analysed);
    analysed.rows.forEach(({ span: s }, row) => {
      expect(self[row]).toBeGreaterThanOrEqual(0);
      expect(self[row]).toBeLessThanOrEqual(s.durationUs);
    });
    expect(self.some((us, row) => us < (analysed.rows[row]?.span.durationUs ?? 0))).toBe(true);
  }
}

describe("selfTimes on large traces, as recorded and skew-corrected", () => {
  it("stays within 0 and the span's duration on the 957-span SmartThings trace", { tags: ["corpus"] }, () => {
    const spans = readZipkinV2Fixture("zipkin/lens-testdata/smartthings-mobile-web-install.json");
    expectSelfTimesWithinDurations(buildTraceTree(decodeZipkinV2(spans).spans));
  });

  it("stays within 0 and the span's duration on a generated 600-span trace", () => {
    const spans = largeZipkinTrace("0000000000000000000000000000a600");
    expectSelfTimesWithinDurations(buildTraceTree(decodeZipkinV2(spans).spans));
  });
});
