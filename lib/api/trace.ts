import type { Span } from "../model/span";

/**
 * GET /api/trace/{id}, as both the route and the trace page see it: at most TRACELIGHT_MAX_TRACE_SPANS
 * spans, the earliest first, and how many the trace holds in all. `spans.length < totalSpans` marks a
 * trace served truncated, which the page says in a banner.
 */
export interface StoredTrace {
  traceId: string;
  spans: Span[];
  totalSpans: number;
}
