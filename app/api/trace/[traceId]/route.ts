import { findTrace } from "@/lib/http/find-trace";
import { handleErrors } from "@/lib/http/respond";

/**
 * Tracelight's own trace read: the canonical spans, with what the peers' formats cannot carry
 * (typed attributes, resource, scope, links, event attributes, warnings).
 */
export const GET = handleErrors(async (_request: Request, context: RouteContext<"/api/trace/[traceId]">) =>
  Response.json(await findTrace((await context.params).traceId)),
);
