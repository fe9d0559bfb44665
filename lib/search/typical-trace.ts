import type { TraceSummary } from "../api/trace-summary";

/**
 * "Compare with a typical trace": the trace page asks the search for traces of the same root
 * operation in the hour around its trace, and compares it with the median-duration one, a trace the
 * operation's users commonly got, rather than the fastest (often a cache hit) or the average (pulled
 * about by outliers).
 */
const HALF_WINDOW_US = 30 * 60 * 1_000_000;
/** Enough for a stable median; the search API caps it at TRACELIGHT_QUERY_MAX_LIMIT (1000 by default). */
const SAMPLE_LIMIT = 200;

/** `GET /api/search`'s query for the traces a typical one is picked from. µs throughout. */
export function typicalTraceQuery(root: { service: string; operation: string; startUs: number }): string {
  return new URLSearchParams({
    service: root.service,
    operation: root.operation,
    start: new Date(Math.floor((root.startUs - HALF_WINDOW_US) / 1000)).toISOString(),
    end: new Date(Math.ceil((root.startUs + HALF_WINDOW_US) / 1000)).toISOString(),
    limit: String(SAMPLE_LIMIT),
  }).toString();
}

/**
 * The median-duration trace among `candidates` whose root is the same service and operation (the
 * search also finds traces where the operation is a child), leaving out the trace itself; of an even
 * count, the faster of the middle two. Undefined when no other trace has that root.
 */
export function pickTypicalTrace(
  candidates: TraceSummary[],
  trace: { traceId: string; service: string; operation: string },
): TraceSummary | undefined {
  const peers = candidates
    .filter(
      (candidate) =>
        candidate.traceId !== trace.traceId &&
        candidate.rootService === trace.service &&
        candidate.rootName === trace.operation,
    )
    .sort((a, b) => a.durationUs - b.durationUs || a.traceId.localeCompare(b.traceId));
  return peers[Math.floor((peers.length - 1) / 2)];
}
