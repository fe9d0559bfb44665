import { z } from "zod";

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
