import { z } from "zod";

/**
 * One search result as Tracelight's search API sends it and the search page shows it: the trace's
 * summary row, never its spans. Times and durations in microseconds.
 */
export const traceSummarySchema = z.object({
  traceId: z.string(),
  startUs: z.number(),
  durationUs: z.number(),
  spanCount: z.number(),
  errorCount: z.number(),
  /** Spans per service. */
  serviceCounts: z.record(z.string(), z.number()),
  rootService: z.string(),
  rootName: z.string(),
  rootHttpStatus: z.number().nullable(),
});
export type TraceSummary = z.infer<typeof traceSummarySchema>;
