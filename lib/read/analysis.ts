import { analyseTrace, historyWindowUs, traceOperations } from "../analysis/trace-analysis";
import type { TraceAnalysis } from "../api/analysis";
import type { Span } from "../model/span";
import type { LatencyCounts } from "../services/histogram";
import { applySkewCorrection, correctClockSkew } from "../trace/skew";
import { buildTraceTree } from "../trace/tree";
import { type Operation, readBaselines } from "./baselines";
import { findTrace } from "./traces";

/**
 * GET /api/traces/{id}/analysis, for API users: the analysis the trace page computes in the browser
 * (lib/analysis/trace-analysis.ts), on skew-corrected times unless `rawTimes`. One read of the trace,
 * one of its operations' histograms.
 */
export async function analyseStoredTrace(rawTraceId: string, rawTimes: boolean): Promise<TraceAnalysis> {
  const { spans } = await findTrace(rawTraceId);
  return analyseSpans(spans, rawTimes, readBaselines);
}

/** Reads operations' histograms over a window in µs: readBaselines, or a test's store. */
export type HistoryReader = (
  operations: readonly Operation[],
  startUs: number,
  endUs: number,
) => Promise<ReadonlyMap<string, LatencyCounts>>;

/** A trace's analysis, its operations' history read over the window around its raw times. */
export async function analyseSpans(
  spans: Span[],
  rawTimes: boolean,
  readHistory: HistoryReader,
): Promise<TraceAnalysis> {
  const rawTree = buildTraceTree(spans);
  const tree = rawTimes ? rawTree : applySkewCorrection(rawTree, correctClockSkew(rawTree));
  const { startUs, endUs } = historyWindowUs(rawTree);
  return analyseTrace(tree, await readHistory(traceOperations(rawTree), startUs, endUs));
}
