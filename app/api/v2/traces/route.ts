import { searchTraces } from "@/lib/db/search";
import { encodeZipkinV2 } from "@/lib/encode/zipkin-v2";
import { handleErrors } from "@/lib/http/respond";
import { searchSettings } from "@/lib/http/search-settings";
import { parseZipkinTracesQuery } from "@/lib/search/zipkin-params";

/** Zipkin: search, newest trace first, each trace as its list of spans. */
export const GET = handleErrors(async (request: Request) => {
  const { limits, timeoutMs } = searchSettings();
  const query = parseZipkinTracesQuery(new URL(request.url).searchParams, Date.now(), limits);
  const traces = await searchTraces(query, timeoutMs);
  return Response.json(traces.map(encodeZipkinV2));
});
