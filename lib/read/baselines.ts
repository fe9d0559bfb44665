import { type BaselinesResponse, baselinesAnswer, MAX_BASELINE_OPERATIONS } from "../api/baselines";
import { type Operation, operationBaselines } from "../db/baselines";
import type { LatencyCounts } from "../services/histogram";

export type { Operation };

/**
 * The latency histograms of these operations over a window (µs, widened to whole hours), keyed by
 * operationKey, read MAX_BASELINE_OPERATIONS at a time (one statement each): a trace's distinct
 * operations are usually far fewer than its spans.
 */
export async function readBaselines(
  operations: readonly Operation[],
  startUs: number,
  endUs: number,
): Promise<Map<string, LatencyCounts>> {
  const results = new Map<string, LatencyCounts>();
  for (let from = 0; from < operations.length; from += MAX_BASELINE_OPERATIONS) {
    const chunk = operations.slice(from, from + MAX_BASELINE_OPERATIONS);
    for (const [key, counts] of await operationBaselines(chunk, startUs, endUs)) results.set(key, counts);
  }
  return results;
}

/**
 * GET /api/baselines: each operation asked for once, in the order asked, with its histogram. Its
 * caller bounds the operations (lib/http/query-params.ts readOperations).
 */
export async function readBaselinesAnswer(
  operations: readonly Operation[],
  startUs: number,
  endUs: number,
): Promise<BaselinesResponse> {
  return baselinesAnswer(operations, await operationBaselines(operations, startUs, endUs));
}
