import { getTraceSpans } from "@/lib/db/traces";
import { encodeZipkinV2 } from "@/lib/encode/zipkin-v2";
import { RequestError } from "@/lib/errors";
import { handleErrors } from "@/lib/http/respond";
import { normaliseTraceId } from "@/lib/model/ids";

export const GET = handleErrors(
  async (_request: Request, context: RouteContext<"/api/v2/trace/[traceId]">) => {
    const { traceId } = await context.params;
    const id = normaliseTraceId(traceId);
    if (!id.ok) throw new RequestError(400, `traceId ${id.reason}`);
    const spans = await getTraceSpans(id.id);
    if (spans.length === 0) throw new RequestError(404, `trace ${id.id} not found`);
    return Response.json(encodeZipkinV2(spans));
  },
);
