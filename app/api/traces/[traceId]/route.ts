import { encodeJaegerTrace } from "@/lib/encode/jaeger-json";
import { findTrace } from "@/lib/http/find-trace";
import { handleJaegerErrors, jaegerResponse } from "@/lib/http/jaeger";

/** Jaeger: one trace; `raw=true` keeps the two halves of a Zipkin shared span on one span id. */
export const GET = handleJaegerErrors(
  async (request: Request, context: RouteContext<"/api/traces/[traceId]">) => {
    const { spans } = await findTrace((await context.params).traceId);
    const raw = new URL(request.url).searchParams.get("raw") === "true";
    return jaegerResponse([encodeJaegerTrace(spans, { raw })]);
  },
);
