import { listOperations } from "@/lib/db/traces";
import { handleJaegerErrors, jaegerResponse } from "@/lib/http/jaeger";

/** Jaeger (legacy form): a service's span names. */
export const GET = handleJaegerErrors(
  async (_request: Request, context: RouteContext<"/api/services/[service]/operations">) => {
    const { service } = await context.params;
    const names = [...new Set((await listOperations(service)).map((operation) => operation.name))];
    return jaegerResponse(names, names.length);
  },
);
