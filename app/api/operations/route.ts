import { listOperations } from "@/lib/db/traces";
import { RequestError } from "@/lib/errors";
import { handleJaegerErrors, jaegerResponse } from "@/lib/http/jaeger";
import { SPAN_KINDS } from "@/lib/model/span";

/** Jaeger: a service's operations with their span kinds, optionally of one kind (`spanKind=server`). */
export const GET = handleJaegerErrors(async (request: Request) => {
  const params = new URL(request.url).searchParams;
  const service = params.get("service");
  if (!service) throw new RequestError(400, "parameter 'service' is required");
  const spanKind = params.get("spanKind") || undefined;
  const kind = spanKind?.toUpperCase();
  if (kind !== undefined && !(SPAN_KINDS as readonly string[]).includes(kind)) {
    throw new RequestError(
      400,
      `unsupported spanKind '${spanKind}': expected server, client, producer, consumer or internal`,
    );
  }
  const operations = (await listOperations(service, { ...(kind ? { kind } : {}) })).map(({ name, kind }) => ({
    name,
    spanKind: kind.toLowerCase(),
  }));
  return jaegerResponse(operations, operations.length);
});
