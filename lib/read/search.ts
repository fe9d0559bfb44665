/**
 * Searches: the peers' (spans of the matching traces) and Tracelight's (trace summaries, never spans),
 * one statement each under the read pool's timeout (lib/db/search.ts).
 */
export { searchTraceSummaries, searchTraces } from "../db/search";
