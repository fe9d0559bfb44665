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
import { summariseTrace } from "../trace/summary";
import type { TraceTree } from "../trace/tree";
import { type CriticalPath, criticalPath } from "./critical-path";
import { diagnose } from "./diagnosis";
import { errorRoot } from "./error-root";
import { selfTimes } from "./self-time";
import { operationStatistics } from "./statistics";

/** Each span is compared with its operation's calls over the day before the trace, and during it. */
export const HISTORY_US = 86_400_000_000;

/**
 * The window whose history analyseTrace compares a trace's spans with, in µs: the day before the
 * trace's start to its end, on the times as stored. Raw times, not skew-corrected ones, so that
 * switching the correction needs no other history (correction shifts spans into their parents,
 * within the raw bounds or nearly, and the history is read by whole hours).
 */
export function historyWindowUs(rawTree: TraceTree): { startUs: number; endUs: number } {
  const { startUs, endUs } = summariseTrace(rawTree);
  return { startUs: startUs - HISTORY_US, endUs };
}

/** The trace's operations (service and span name), each once, in the order first seen. */
export function traceOperations(tree: TraceTree): { service: string; name: string }[] {
  const operations = new Map<string, { service: string; name: string }>();
  for (const { span } of tree.rows) {
    const key = operationKey(span.serviceName, span.name);
    if (!operations.has(key)) operations.set(key, { service: span.serviceName, name: span.name });
  }
  return [...operations.values()];
}

/** What needs only the trace's own spans: each row's self time and the critical path. */
export interface TraceTiming {
  self: Float64Array;
  path: CriticalPath;
}

/**
 * The trace's timing, which analyseTrace builds on and the trace page's views (the span graph,
 * grouped statistics) read without waiting for the baselines: computed once per tree and shared.
 */
export function traceTiming(tree: TraceTree): TraceTiming {
  return { self: selfTimes(tree), path: criticalPath(tree) };
}

/**
 * Everything the trace page shows about where a trace's time and error came from, in the shape of
 * GET /api/traces/{id}/analysis. `history` holds each operation's latency histogram (by
 * operationKey) over historyWindowUs (GET /api/baselines), the trace's own stored spans included:
 * they are taken out first, so no span is compared with itself or its siblings. The server
 * (GET /api/traces/{id}/analysis) and the trace page (in the browser) both call it.
 */
export function analyseTrace(
  tree: TraceTree,
  history: ReadonlyMap<string, LatencyCounts>,
  { path, self }: TraceTiming = traceTiming(tree),
): TraceAnalysis {
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
