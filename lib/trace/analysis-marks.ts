import type { TraceAnalysis } from "../api/analysis";
import { spanKey } from "../model/span";
import type { TraceTree } from "./tree";

/** What the timeline marks on one row from the trace's analysis. */
export interface RowMark {
  selfTimeUs: number;
  percentile: number | null;
  anomalous: boolean;
  /** The span's duration over its operation's usual p99, when it has a baseline. */
  slowdown: number | undefined;
  errorRoot: boolean;
  /** The row's segments of the critical path, in time order. */
  critical: { startUs: number; endUs: number }[];
}

/** The analysis, which is keyed by span key, laid on the tree's rows (same index). */
export function analysisMarks(tree: TraceTree, analysis: TraceAnalysis): (RowMark | undefined)[] {
  const segments = new Map<string, { startUs: number; endUs: number }[]>();
  for (const { spanId, startUs, endUs } of analysis.criticalPath) {
    const list = segments.get(spanId);
    if (list) list.push({ startUs, endUs });
    else segments.set(spanId, [{ startUs, endUs }]);
  }
  return tree.rows.map(({ span }) => {
    const key = spanKey(span);
    const spanAnalysis = analysis.spans[key];
    if (!spanAnalysis) return undefined;
    const p99 = spanAnalysis.baseline?.p99Us;
    return {
      selfTimeUs: spanAnalysis.selfTimeUs,
      percentile: spanAnalysis.percentile,
      anomalous: spanAnalysis.anomalous,
      slowdown: p99 ? span.durationUs / p99 : undefined,
      errorRoot: analysis.errorRoot === key,
      critical: segments.get(key) ?? [],
    };
  });
}
