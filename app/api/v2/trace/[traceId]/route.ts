import { encodeZipkinV2 } from "@/lib/encode/zipkin-v2";
import { findTrace } from "@/lib/http/find-trace";
import { handleErrors } from "@/lib/http/respond";

export const GET = handleErrors(
  async (_request: Request, context: RouteContext<"/api/v2/trace/[traceId]">) => {
    const { spans } = await findTrace((await context.params).traceId);
    return Response.json(encodeZipkinV2(spans));
  },
);
