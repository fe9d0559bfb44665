import { describe, expect, it } from "vitest";
import { makeSpan } from "../../test/spans";
import type { TraceAnalysis } from "../api/analysis";
import { analysisMarks } from "./analysis-marks";
import { buildTraceTree } from "./tree";

const tree = buildTraceTree([
  makeSpan({ spanId: "a", startUs: 0, durationUs: 100 }),
  makeSpan({ spanId: "b", parentSpanId: "a", kind: "CLIENT", startUs: 10, durationUs: 80 }),
  makeSpan({ spanId: "b", parentSpanId: "a", kind: "SERVER", shared: true, startUs: 12, durationUs: 70 }),
]);

const spanAnalysis = (selfTimeUs: number, p99Us?: number) => ({
  selfTimeUs,
  criticalTimeUs: selfTimeUs,
  percentile: p99Us ? 0.99 : null,
  baseline: p99Us ? { p50Us: p99Us / 2, p99Us, count: 40 } : null,
  anomalous: p99Us !== undefined,
});

const analysis: TraceAnalysis = {
  summary: "",
  criticalPath: [
    { spanId: "a", startUs: 0, endUs: 12 },
    { spanId: "b:shared", startUs: 12, endUs: 82 },
    { spanId: "a", startUs: 90, endUs: 100 },
  ],
  spans: { a: spanAnalysis(20), b: spanAnalysis(10), "b:shared": spanAnalysis(70, 35) },
  errorRoot: "b:shared",
  statistics: [],
};

describe("analysisMarks", () => {
  it("lays the analysis on the rows, telling the two halves of a shared span id apart", () => {
    const marks = analysisMarks(tree, analysis);
    expect(marks[0]).toMatchObject({
      selfTimeUs: 20,
      errorRoot: false,
      critical: [
        { startUs: 0, endUs: 12 },
        { startUs: 90, endUs: 100 },
      ],
    });
    expect(marks[1]).toMatchObject({ selfTimeUs: 10, critical: [], slowdown: undefined });
    expect(marks[2]).toMatchObject({ selfTimeUs: 70, anomalous: true, slowdown: 2, errorRoot: true });
  });

  it("leaves rows the analysis does not know unmarked", () => {
    expect(analysisMarks(tree, { ...analysis, spans: {} })).toEqual([undefined, undefined, undefined]);
  });
});
