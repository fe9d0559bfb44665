import { config } from "@/lib/config";
import { saveSpans } from "@/lib/db/save-spans";
import { RequestError } from "@/lib/errors";
import { parseJson, readBody } from "@/lib/http/body";
import { handleErrors } from "@/lib/http/respond";
import { decodeZipkinV2 } from "@/lib/ingest/zipkin-v2";

/** Zipkin v2 ingest, as Zipkin's own server: 202 once every span of the request is committed. */
export const POST = handleErrors(async (request: Request) => {
  const contentType = request.headers.get("content-type") ?? "application/json";
  if (!/^application\/json\b/i.test(contentType)) {
    throw new RequestError(415, `Content-Type ${contentType} is not supported here: send application/json`);
  }
  const body = await readBody(request, config().TRACELIGHT_MAX_BODY_BYTES);
  const { spans } = decodeZipkinV2(parseJson(body));
  await saveSpans(spans);
  return new Response(null, { status: 202 });
});
