import { analyseTrace, historyWindowUs, traceOperations } from "../analysis/trace-analysis";
import type { TraceAnalysis } from "../api/analysis";
import { applySkewCorrection, correctClockSkew } from "../trace/skew";
import { buildTraceTree } from "../trace/tree";
import { readBaselines } from "./baselines";
import { findTrace } from "./traces";

/**
 * GET /api/traces/{id}/analysis, for API users: the analysis the trace page computes in the browser
 * (lib/analysis/trace-analysis.ts), on skew-corrected times unless `rawTimes`. One read of the trace,
 * one of its operations' histograms.
 */
export async function analyseStoredTrace(rawTraceId: string, rawTimes: boolean): Promise<TraceAnalysis> {
  const { spans } = await findTrace(rawTraceId);
  const rawTree = buildTraceTree(spans);
  const tree = rawTimes ? rawTree : applySkewCorrection(rawTree, correctClockSkew(rawTree));
  const { startUs, endUs } = historyWindowUs(rawTree);
  return analyseTrace(tree, await readBaselines(traceOperations(rawTree), startUs, endUs));
}
