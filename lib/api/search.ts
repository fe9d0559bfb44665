import type { TraceSummary } from "./trace-summary";

/** GET /api/search, as both the route and the search page see it. */
export interface SearchResponse {
  traces: TraceSummary[];
}
