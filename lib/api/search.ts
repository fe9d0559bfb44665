import { z } from "zod";
import { traceSummarySchema } from "./trace-summary";

/** GET /api/search, as both the route and the search page see it. */
export const searchResponseSchema = z.object({ traces: z.array(traceSummarySchema) });
export type SearchResponse = z.infer<typeof searchResponseSchema>;
