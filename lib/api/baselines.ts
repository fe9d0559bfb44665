import { z } from "zod";
import { type LatencyCounts, operationKey } from "../services/histogram";

/**
 * `GET /api/baselines?service=…&name=…&service=…&name=…&start=…&end=…`: the latency histograms of
 * the operations named, the i-th `name` being a span name of the i-th `service`, summed over the whole
 * UTC hours the window (start and end as the search takes them, lib/search/tracelight-params.ts)
 * overlaps. The trace page asks it for its trace's operations and compares each span with them
 * (lib/analysis/trace-analysis.ts), so the request names operations, never a trace.
 */
export const MAX_BASELINE_OPERATIONS = 1_000;

/** Sparse counts of one operation's durations: [bucket, count] pairs (lib/services/histogram.ts). */
const latencyCounts = z.array(z.tuple([z.number().int().nonnegative(), z.number().int().positive()]));

export const baselinesResponseSchema = z.object({
  /** Every operation asked for, once, in the order asked; empty counts without history. */
  operations: z.array(z.object({ service: z.string(), name: z.string(), counts: latencyCounts })),
});
export type BaselinesResponse = z.infer<typeof baselinesResponseSchema>;

/**
 * Well under Node's 16 KB request line (lib/search/params.ts), whatever proxy sits in between: a
 * trace with more operations than fit asks in several requests.
 */
const MAX_QUERY_CHARS = 8_000;

/**
 * The GET /api/baselines URLs asking for these operations' histograms over a window in µs: one, or
 * several when the operations do not fit in one request (MAX_BASELINE_OPERATIONS, MAX_QUERY_CHARS).
 * The window's bounds go as epoch milliseconds, rounded down: histograms are kept by whole hours,
 * which start on a millisecond, so the rounding never changes the hours read.
 */
export function baselinesUrls(
  operations: readonly { service: string; name: string }[],
  startUs: number,
  endUs: number,
): string[] {
  const window = `start=${Math.floor(startUs / 1000)}&end=${Math.floor(endUs / 1000)}`;
  const urls: string[] = [];
  let pairs: string[] = [];
  let chars = 0;
  const flush = () => {
    if (pairs.length > 0) urls.push(`/api/baselines?${window}&${pairs.join("&")}`);
    pairs = [];
    chars = 0;
  };
  for (const { service, name } of operations) {
    const pair = `service=${encodeURIComponent(service)}&name=${encodeURIComponent(name)}`;
    if (pairs.length === MAX_BASELINE_OPERATIONS || chars + pair.length > MAX_QUERY_CHARS) flush();
    pairs.push(pair);
    chars += pair.length + 1;
  }
  flush();
  return urls;
}

/** The answer to these operations: each once, in the order asked, empty counts without history. */
export function baselinesAnswer(
  operations: readonly { service: string; name: string }[],
  histograms: ReadonlyMap<string, LatencyCounts>,
): BaselinesResponse {
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

/** The answers of baselinesUrls' requests as one history, keyed by operationKey (for analyseTrace). */
export function historyOf(answers: readonly BaselinesResponse[]): Map<string, LatencyCounts> {
  const history = new Map<string, LatencyCounts>();
  for (const answer of answers) {
    for (const { service, name, counts } of answer.operations)
      history.set(operationKey(service, name), counts);
  }
  return history;
}
