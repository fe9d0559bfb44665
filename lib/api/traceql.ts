import { z } from "zod";
import { countParam } from "./names";
import { traceSummarySchema } from "./trace-summary";

/**
 * The search page's TraceQL mode: `GET /api/search/traceql?q=&lookback=|start=&end=&limit=` (the
 * window as /api/search reads it) answers the traces the query matches, newest first, each with the
 * ids of the spans it selected; a query that does not parse is a 400 with where, so the page can
 * underline it. The editor's suggestions come from `GET /api/traceql/tags` and
 * `GET /api/traceql/tag-values?tag=`, Tracelight's own shapes of what /tempo answers Grafana.
 */
export const TRACEQL_DEFAULT_LIMIT = 20;
/** As long as lib/traceql/parse.ts reads. */
export const TRACEQL_MAX_QUERY_CHARS = 8192;

export const traceqlSearchQuerySchema = z.object({
  q: z.string().max(TRACEQL_MAX_QUERY_CHARS, { error: `longer than ${TRACEQL_MAX_QUERY_CHARS} characters` }),
  limit: countParam(Number.MAX_SAFE_INTEGER).default(TRACEQL_DEFAULT_LIMIT),
});

export const traceqlMatchSchema = traceSummarySchema.extend({
  /** The spans the query selected, in every spanset, each once. */
  matchedSpanIds: z.array(z.string()),
});
export const traceqlSearchResponseSchema = z.object({ traces: z.array(traceqlMatchSchema) });
export type TraceQLSearchResponse = z.infer<typeof traceqlSearchResponseSchema>;

/** Where a query stops parsing: offsets into it, and line and column from 1. */
export const queryPositionSchema = z.object({
  from: z.number(),
  to: z.number(),
  line: z.number(),
  column: z.number(),
});
export type QueryPosition = z.infer<typeof queryPositionSchema>;
export const traceqlRefusalSchema = z.object({ error: z.string(), position: queryPositionSchema });
export type TraceQLRefusal = z.infer<typeof traceqlRefusalSchema>;

/** Attribute names on recent spans, by scope. */
export const traceqlTagsResponseSchema = z.object({
  span: z.array(z.string()),
  resource: z.array(z.string()),
});
export type TraceQLTagsResponse = z.infer<typeof traceqlTagsResponseSchema>;

export const traceqlTagValuesQuerySchema = z.object({
  /** A field as TraceQL writes it: `span.http.method`, `.region`, `status`. */
  tag: z.string().max(1000, { error: "longer than 1000 characters" }),
});
/** A field's values on recent spans, typed as TraceQL writes them: strings quoted, the rest bare. */
export const traceqlTagValuesResponseSchema = z.object({
  values: z.array(
    z.object({ type: z.enum(["string", "int", "float", "bool", "keyword"]), value: z.string() }),
  ),
});
export type TraceQLTagValuesResponse = z.infer<typeof traceqlTagValuesResponseSchema>;
