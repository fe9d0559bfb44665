"use client";

import { useMemo } from "react";
import { useBaselinesQuery } from "@/components/queries/useTraceQuery";
import { analyseTrace, historyWindowUs, traceOperations, traceTiming } from "@/lib/analysis/trace-analysis";
import type { TraceTree } from "@/lib/trace/tree";

/**
 * The trace's analysis (critical path, self times, baselines, diagnosis), computed here from the
 * spans the page already has, on the times it shows (`tree`: raw or skew-corrected), so switching
 * skew correction asks the server nothing. The server supplies only the operations' histograms, for
 * the window around the raw trace (lib/analysis/trace-analysis.ts historyWindowUs); analyseTrace takes
 * the trace's own spans out of them, as GET /api/traces/{id}/analysis does.
 */
export function useTraceAnalysis(traceId: string, rawTree: TraceTree, tree: TraceTree) {
  const operations = useMemo(() => traceOperations(rawTree), [rawTree]);
  const window = useMemo(() => historyWindowUs(rawTree), [rawTree]);
  const baselines = useBaselinesQuery(traceId, operations, window);
  // Self times and the critical path need no baselines: the views that show them read them at once.
  const timing = useMemo(() => traceTiming(tree), [tree]);
  const analysis = useMemo(
    () => (baselines.data ? analyseTrace(tree, baselines.data, timing) : undefined),
    [tree, baselines.data, timing],
  );
  return { data: analysis, error: baselines.error, timing };
}
