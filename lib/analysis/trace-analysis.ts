import type { TraceAnalysis } from "../api/analysis";
import { spanKey } from "../model/span";
import {
  baselineOf,
  countsOf,
  isAnomalous,
  type LatencyCounts,
  operationKey,
  rankOf,
  subtractCounts,
  totalOf,
} from "../services/histogram";
import type { TraceTree } from "../trace/tree";
import { criticalPath } from "./critical-path";
import { diagnose } from "./diagnosis";
import { errorRoot } from "./error-root";
import { selfTimes } from "./self-time";
import { operationStatistics } from "./statistics";

/**
 * Everything the trace page shows about where a trace's time and error came from, in the shape of
 * GET /api/traces/{id}/analysis. `history` holds each operation's latency histogram (by
 * operationKey) over a window around the trace (lib/db/baselines.ts), the trace's own spans
 * included: they are taken out first, so no span is compared with itself or its siblings.
 */
export function analyseTrace(tree: TraceTree, history: ReadonlyMap<string, LatencyCounts>): TraceAnalysis {
  const path = criticalPath(tree);
  const self = selfTimes(tree);
  const errorRow = errorRoot(tree);
  const baselines = ownHistoryRemoved(tree, history);
  const spans: TraceAnalysis["spans"] = {};
  const slowdowns = new Map<number, number>();
  tree.rows.forEach(({ span }, row) => {
    const counts = baselines.get(operationKey(span.serviceName, span.name)) ?? [];
    const baseline = baselineOf(counts) ?? null;
    const anomalous = isAnomalous(counts, span.durationUs, 0);
    if (anomalous && baseline) slowdowns.set(row, span.durationUs / baseline.p99Us);
    spans[spanKey(span)] = {
      selfTimeUs: self[row] ?? 0,
      criticalTimeUs: path.criticalUs[row] ?? 0,
      percentile: totalOf(counts) > 0 ? rankOf(counts, span.durationUs) : null,
      baseline,
      anomalous,
    };
  });
  const keyOf = (row: number) => spanKey((tree.rows[row] as TraceTree["rows"][number]).span);
  return {
    summary: diagnose({
      tree,
      critical: path.criticalUs,
      self,
      errorRoot: errorRow,
      slowdown: (row) => slowdowns.get(row),
    }),
    criticalPath: path.segments.map(({ row, startUs, endUs }) => ({ spanId: keyOf(row), startUs, endUs })),
    spans,
    errorRoot: errorRow === undefined ? null : keyOf(errorRow),
    statistics: operationStatistics(tree, self, path.criticalUs),
  };
}

/** The operations of the trace, each with its history less the trace's own spans of it. */
function ownHistoryRemoved(
  tree: TraceTree,
  history: ReadonlyMap<string, LatencyCounts>,
): Map<string, LatencyCounts> {
  const own = new Map<string, { service: string; name: string; durations: number[] }>();
  for (const { span } of tree.rows) {
    const key = operationKey(span.serviceName, span.name);
    const entry = own.get(key);
    if (entry) entry.durations.push(span.durationUs);
    else own.set(key, { service: span.serviceName, name: span.name, durations: [span.durationUs] });
  }
  return new Map(
    [...own].map(([key, { service, name, durations }]) => [
      key,
      subtractCounts(history.get(operationKey(service, name)) ?? [], countsOf(durations)),
    ]),
  );
}
