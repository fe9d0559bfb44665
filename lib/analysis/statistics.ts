import type { TraceRow, TraceTree } from "../trace/tree";

/** A set of spans' numbers within one trace (an operation's, a group's); times in µs. */
export interface SpanSetStats {
  count: number;
  /** Sum of the spans' durations. */
  totalUs: number;
  /** Sum of their self times (lib/analysis/self-time). */
  selfUs: number;
  avgUs: number;
  minUs: number;
  maxUs: number;
  /** Nearest-rank 95th percentile of the durations: an actual span's duration, never interpolated. */
  p95Us: number;
  /** Sum of their time on the critical path (lib/analysis/critical-path). */
  criticalUs: number;
  /** criticalUs over the whole path's, 0..1; 0 when the path is empty (a zero-duration trace). */
  criticalShare: number;
}

/** One operation's numbers within one trace. */
export interface OperationStats extends SpanSetStats {
  service: string;
  operation: string;
}

/**
 * Per (service, span name): how often, how long, how much of it its own, and how much of the
 * critical path. `self` and `critical` are per row, as `selfTimes` and `criticalPath` give them.
 * Sorted by critical time, then total time (descending), then service and operation, so that the
 * first rows are where the trace's time went. O(n log n).
 */
export function operationStatistics(
  tree: TraceTree,
  self: Float64Array,
  critical: Float64Array,
): OperationStats[] {
  // By service, then by name: no key strings to build for each of 100k spans.
  const services = new Map<string, Map<string, Group>>();
  let criticalTotalUs = 0;
  for (let row = 0; row < tree.rows.length; row++) {
    const { span } = tree.rows[row] as TraceRow;
    let operations = services.get(span.serviceName);
    if (!operations) {
      operations = new Map();
      services.set(span.serviceName, operations);
    }
    let group = operations.get(span.name);
    if (!group) {
      group = { durationsUs: [], selfUs: 0, criticalUs: 0 };
      operations.set(span.name, group);
    }
    group.durationsUs.push(span.durationUs);
    group.selfUs += self[row] ?? 0;
    group.criticalUs += critical[row] ?? 0;
    criticalTotalUs += critical[row] ?? 0;
  }
  const stats: OperationStats[] = [];
  for (const [service, operations] of services) {
    for (const [operation, group] of operations) {
      const durationsUs = Float64Array.from(group.durationsUs).sort();
      const count = durationsUs.length;
      const totalUs = durationsUs.reduce((sum, us) => sum + us, 0);
      stats.push({
        service,
        operation,
        count,
        totalUs,
        selfUs: group.selfUs,
        avgUs: totalUs / count,
        minUs: durationsUs[0] as number,
        maxUs: durationsUs[count - 1] as number,
        p95Us: durationsUs[Math.ceil(0.95 * count) - 1] as number,
        criticalUs: group.criticalUs,
        criticalShare: criticalTotalUs > 0 ? group.criticalUs / criticalTotalUs : 0,
      });
    }
  }
  return stats.sort(
    (a, b) =>
      b.criticalUs - a.criticalUs ||
      b.totalUs - a.totalUs ||
      compareText(a.service, b.service) ||
      compareText(a.operation, b.operation),
  );
}

interface Group {
  durationsUs: number[];
  selfUs: number;
  criticalUs: number;
}

/** Code-unit order: the same everywhere, unlike localeCompare. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
