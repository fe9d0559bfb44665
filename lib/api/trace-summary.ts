/**
 * One search result as Tracelight's search API sends it and the search page shows it: the trace's
 * summary row, never its spans. Times and durations in microseconds.
 */
export interface TraceSummary {
  traceId: string;
  startUs: number;
  durationUs: number;
  spanCount: number;
  errorCount: number;
  /** Spans per service. */
  serviceCounts: Record<string, number>;
  rootService: string;
  rootName: string;
  rootHttpStatus: number | null;
}
