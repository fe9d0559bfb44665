import type { z } from "zod";
import type {
  metricsPointSchema,
  operationMetricsSchema,
  serviceSummarySchema,
} from "../api/service-metrics";
import { HOUR_US, SECOND_US, windowHoursUs } from "../time/hours";
import { type LatencyCounts, percentileUs } from "./histogram";

/**
 * RED metrics (rate, errors, duration) per service and operation, from the hourly latency
 * histograms kept at ingest (`operation_latency`, lib/db/save-spans.ts). The histograms are per UTC
 * hour, so every series is hourly, a point per hour the window overlaps (lib/time/hours.ts).
 * Percentiles are read as their bucket's upper bound (lib/services/histogram.ts): at most one
 * bucket (~9%) above the true value.
 */

/** A row of `operation_latency` summed over its key: one operation's calls in one hour and bucket. */
export interface OperationHourRow {
  service: string;
  operation: string;
  hourUs: number;
  bucket: number;
  count: number;
  errors: number;
}

// What a page of metrics holds is z.infer of lib/api/service-metrics.ts's schemas, which the browser
// checks, so what is built here is what the browser reads.
export type MetricsPoint = z.infer<typeof metricsPointSchema>;
export type OperationMetrics = z.infer<typeof operationMetricsSchema>;
/** A service's operations with calls in the window, all of them (a page of services shows its busiest). */
export type ServiceMetrics = Omit<z.infer<typeof serviceSummarySchema>, "operationCount">;

interface OperationAccumulator {
  calls: number;
  errors: number;
  /** bucket → calls over the window */
  buckets: Map<number, number>;
  /** hour → its calls, errors and bucket counts */
  hours: Map<number, { calls: number; errors: number; buckets: [number, number][] }>;
}

/**
 * Services and their operations over the window, each sorted by calls (most first, then by name),
 * from the rows of the hours it overlaps; rows of other hours are left out. `nowUs` is how much of
 * the current hour has passed, for its rate: its calls so far over its seconds so far.
 * O(rows + operations × hours).
 */
export function buildServiceMetrics(
  rows: readonly OperationHourRow[],
  startUs: number,
  endUs: number,
  nowUs: number,
): ServiceMetrics[] {
  const hours = windowHoursUs(startUs, endUs);
  const firstUs = hours[0] ?? 0;
  const lastUs = hours.at(-1) ?? -1;
  const services = new Map<string, Map<string, OperationAccumulator>>();
  for (const { service, operation, hourUs, bucket, count, errors } of rows) {
    if (count <= 0 || hourUs < firstUs || hourUs > lastUs) continue;
    const op = accumulator(services, service, operation);
    op.calls += count;
    op.errors += errors;
    op.buckets.set(bucket, (op.buckets.get(bucket) ?? 0) + count);
    let hour = op.hours.get(hourUs);
    if (!hour) {
      hour = { calls: 0, errors: 0, buckets: [] };
      op.hours.set(hourUs, hour);
    }
    hour.calls += count;
    hour.errors += errors;
    hour.buckets.push([bucket, count]);
  }
  const result = [...services].map(([service, operations]) => {
    const ops = [...operations].map(([name, op]) => operationMetrics(name, op, hours, nowUs));
    return {
      service,
      calls: ops.reduce((sum, op) => sum + op.calls, 0),
      errors: ops.reduce((sum, op) => sum + op.errors, 0),
      operations: ops.sort(byCalls((op) => op.name)),
    };
  });
  return result.sort(byCalls((service) => service.service));
}

function accumulator(
  services: Map<string, Map<string, OperationAccumulator>>,
  service: string,
  operation: string,
): OperationAccumulator {
  let operations = services.get(service);
  if (!operations) {
    operations = new Map();
    services.set(service, operations);
  }
  let op = operations.get(operation);
  if (!op) {
    op = { calls: 0, errors: 0, buckets: new Map(), hours: new Map() };
    operations.set(operation, op);
  }
  return op;
}

function operationMetrics(
  name: string,
  op: OperationAccumulator,
  hours: readonly number[],
  nowUs: number,
): OperationMetrics {
  const total = percentiles(sortedCounts([...op.buckets]));
  const series = hours.map((hourUs): MetricsPoint => {
    const hour = op.hours.get(hourUs);
    if (!hour) return quietHour(hourUs);
    const seconds = secondsPassed(hourUs, nowUs);
    return {
      hourUs,
      calls: hour.calls,
      errors: hour.errors,
      ratePerS: hour.calls / seconds,
      // Within 0..1 whatever the rows say: an errors column is only ever as right as what wrote it.
      errorRate: Math.min(1, Math.max(0, hour.errors / hour.calls)),
      ...percentiles(sortedCounts(hour.buckets)),
    };
  });
  return {
    name,
    calls: op.calls,
    errors: op.errors,
    p50Us: total.p50Us ?? 0,
    p95Us: total.p95Us ?? 0,
    p99Us: total.p99Us ?? 0,
    series,
  };
}

/** The point of an hour without calls: nothing to rate, and null for what 0 calls cannot say. */
export function quietHour(hourUs: number): MetricsPoint {
  return { hourUs, calls: 0, errors: 0, ratePerS: 0, errorRate: null, p50Us: null, p95Us: null, p99Us: null };
}

function percentiles(counts: LatencyCounts) {
  return {
    p50Us: percentileUs(counts, 0.5) ?? null,
    p95Us: percentileUs(counts, 0.95) ?? null,
    p99Us: percentileUs(counts, 0.99) ?? null,
  };
}

/**
 * How much of the hour its calls were counted over: the seconds so far of the current hour (at
 * least one), a whole hour otherwise, including an hour still to come, whose calls can only be
 * stamped by clocks ahead of ours.
 */
function secondsPassed(hourUs: number, nowUs: number): number {
  const passedUs = nowUs - hourUs;
  return passedUs > 0 && passedUs < HOUR_US ? Math.max(SECOND_US, passedUs) / SECOND_US : HOUR_US / SECOND_US;
}

function sortedCounts(counts: [number, number][]): LatencyCounts {
  return counts.sort((a, b) => a[0] - b[0]);
}

function byCalls<T extends { calls: number }>(name: (item: T) => string) {
  return (a: T, b: T) => b.calls - a.calls || name(a).localeCompare(name(b));
}

/** What `GET /api/services/metrics` answers. */
export interface ServiceMetricsResponse {
  services: ServiceMetrics[];
}
