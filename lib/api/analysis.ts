import type { OperationStats } from "../analysis/statistics";

/**
 * GET /api/traces/{traceId}/analysis, as both the route and the trace page see it. Spans are keyed
 * by `spanKey` (lib/model/span.ts): the span id, with `:shared` for the server half of a Zipkin
 * shared span, whose client half has the same id. Times in µs.
 */
export interface SpanAnalysis {
  selfTimeUs: number;
  criticalTimeUs: number;
  /** Where the span's duration falls in its operation's history, 0..1; null without history. */
  percentile: number | null;
  baseline: { p50Us: number; p99Us: number; count: number } | null;
  /** Clearly slower than its operation's usual p99, with enough history to say so. */
  anomalous: boolean;
}

export interface TraceAnalysis {
  /** One sentence: what happened, where the time went, where the error started. */
  summary: string;
  /** The segments that determined the trace's duration, in time order. */
  criticalPath: { spanId: string; startUs: number; endUs: number }[];
  spans: Record<string, SpanAnalysis>;
  errorRoot: string | null;
  statistics: OperationStats[];
}
