import { getTraces } from "@/lib/db/traces";
import { encodeZipkinV2 } from "@/lib/encode/zipkin-v2";
import { handleErrors } from "@/lib/http/respond";
import { parseZipkinTraceIds } from "@/lib/search/zipkin-params";

/** Zipkin: several traces by id, in the order asked; ids not stored are left out. */
export const GET = handleErrors(async (request: Request) => {
  const traceIds = parseZipkinTraceIds(new URL(request.url).searchParams);
  return Response.json((await getTraces(traceIds)).map(encodeZipkinV2));
});
