import { searchTraces } from "@/lib/db/search";
import { getTraces } from "@/lib/db/traces";
import { encodeJaegerTrace } from "@/lib/encode/jaeger-json";
import { handleJaegerErrors, jaegerResponse } from "@/lib/http/jaeger";
import { searchSettings } from "@/lib/http/search-settings";
import { parseJaegerTraceIds, parseJaegerTracesQuery } from "@/lib/search/jaeger-params";

/**
 * Jaeger: `traceID=…` (repeated) fetches those traces; otherwise a search. POST here is Jaeger
 * Thrift ingest, answered before Next.
 */
export const GET = handleJaegerErrors(async (request: Request) => {
  const params = new URL(request.url).searchParams;
  const raw = params.get("raw") === "true";
  const traceIds = parseJaegerTraceIds(params);
  const { limits, timeoutMs } = searchSettings();
  const traces =
    traceIds.length > 0
      ? await getTraces(traceIds)
      : await searchTraces(parseJaegerTracesQuery(params, Date.now() * 1000, limits), timeoutMs);
  return jaegerResponse(traces.map((spans) => encodeJaegerTrace(spans, { raw })));
});
