/**
 * The one trace search, whichever API asked for it: Zipkin's `/api/v2/traces`, Jaeger's
 * `/api/traces` and Tracelight's own search page all parse their parameters into a `SearchQuery`,
 * and lib/db/search.ts answers it. Times are microseconds since the epoch, durations microseconds.
 *
 * Span filters (service, remote service, span name, tags, span duration, HTTP status) must
 * all hold on one span of the trace, as both peers define search; the trace filters
 * (`traceMinDurationUs`, `traceMaxDurationUs`, `error: false`) hold on the whole trace.
 */
export interface TagFilter {
  key: string;
  /** Absent: the key alone must be there (Zipkin's bare annotationQuery term, an annotation value too). */
  value?: string;
  /** The search page's `!key=value`: no span of the trace carries it (a trace filter, not a span's). */
  exclude?: boolean;
}

export interface SearchQuery {
  serviceName?: string;
  remoteServiceName?: string;
  spanName?: string;
  /** Matched in span attributes, resource, event attributes and names, scope and link attributes. */
  tags: TagFilter[];
  minDurationUs?: number;
  maxDurationUs?: number;
  traceMinDurationUs?: number;
  traceMaxDurationUs?: number;
  /** true: a trace with a span whose status is ERROR; false: a trace without one (a trace filter). */
  error?: boolean;
  /** A span that answered or received an HTTP status in this range, inclusive: 409–409, or 500–599 for 5xx. */
  httpStatus?: { min: number; max: number };
  /** The window the matching span starts in, inclusive. */
  startUs: number;
  endUs: number;
  /** How many traces, newest first. */
  limit: number;
  /** Zipkin matches service and span names case-insensitively (its server lower-cases them). */
  ignoreCase?: boolean;
}

/** Server-side caps every API applies (configurable, see lib/config.ts). */
export interface SearchLimits {
  maxLimit: number;
  maxWindowUs: number;
}

/** The orders Tracelight's own search returns traces in; the peers' APIs always return the newest. */
export const SEARCH_ORDERS = ["recent", "longest", "spans", "errors"] as const;
export type SearchOrder = (typeof SEARCH_ORDERS)[number];
