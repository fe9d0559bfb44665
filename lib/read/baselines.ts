import { type BaselinesResponse, MAX_BASELINE_OPERATIONS } from "../api/baselines";
import { type Operation, operationBaselines } from "../db/baselines";
import { type LatencyCounts, operationKey } from "../services/histogram";

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
 * GET /api/baselines: each operation asked for once, in the order asked, with its histogram (empty
 * without history). Its caller bounds the operations (lib/http/query-params.ts readOperations).
 */
export async function readBaselinesAnswer(
  operations: readonly Operation[],
  startUs: number,
  endUs: number,
): Promise<BaselinesResponse> {
  const histograms = await operationBaselines(operations, startUs, endUs);
  const answered = new Set<string>();
  return {
    operations: operations.flatMap(({ service, name }) => {
      const key = operationKey(service, name);
      if (answered.has(key)) return [];
      answered.add(key);
      const counts = (histograms.get(key) ?? []).map(
        ([bucket, count]) => [bucket, count] as [number, number],
      );
      return [{ service, name, counts }];
    }),
  };
}
