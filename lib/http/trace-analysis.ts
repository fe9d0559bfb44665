import { analyseTrace } from "../analysis/trace-analysis";
import type { TraceAnalysis } from "../api/analysis";
import { operationBaselines } from "../db/baselines";
import { operationKey } from "../services/histogram";
import { applySkewCorrection, correctClockSkew } from "../trace/skew";
import { summariseTrace } from "../trace/summary";
import { buildTraceTree } from "../trace/tree";
import { findTrace } from "./find-trace";

/** Each span is compared with its operation's calls over the day before the trace, and during it. */
const HISTORY_US = 86_400_000_000;

/**
 * The analysis of a stored trace (lib/analysis/trace-analysis.ts), on skew-corrected times as the
 * trace page shows them unless `rawTimes`.
 */
export async function analyseStoredTrace(rawTraceId: string, rawTimes: boolean): Promise<TraceAnalysis> {
  const { spans } = await findTrace(rawTraceId);
  const rawTree = buildTraceTree(spans);
  const tree = rawTimes ? rawTree : applySkewCorrection(rawTree, correctClockSkew(rawTree));
  const { startUs, endUs } = summariseTrace(tree);
  const operations = new Map(
    spans.map(({ serviceName, name }) => [operationKey(serviceName, name), { service: serviceName, name }]),
  );
  const history = await operationBaselines([...operations.values()], startUs - HISTORY_US, endUs);
  return analyseTrace(tree, history);
}
