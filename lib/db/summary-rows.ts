import type { TraceSummary } from "../api/trace-summary";

/** The `traces` summary columns a TraceSummary is read from, on the table aliased `t`. */
export const SUMMARY_COLUMNS = `t.trace_id, t.start_us, t.end_us, t.span_count, t.error_count,
  t.service_counts, t.root_service, t.root_name, t.root_http_status`;

/** A row of SUMMARY_COLUMNS as `pg` returns it: bigints as strings, jsonb parsed. */
export interface SummaryRow {
  trace_id: string;
  start_us: string;
  end_us: string;
  span_count: number;
  error_count: number;
  service_counts: Record<string, number>;
  root_service: string;
  root_name: string;
  root_http_status: number | null;
}

export function summaryFromRow(row: SummaryRow): TraceSummary {
  const startUs = Number(row.start_us);
  return {
    traceId: row.trace_id,
    startUs,
    durationUs: Number(row.end_us) - startUs,
    spanCount: row.span_count,
    errorCount: row.error_count,
    serviceCounts: row.service_counts,
    rootService: row.root_service,
    rootName: row.root_name,
    rootHttpStatus: row.root_http_status,
  };
}
