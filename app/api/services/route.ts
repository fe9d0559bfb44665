import { listServiceNames } from "@/lib/db/traces";
import { handleJaegerErrors, jaegerResponse } from "@/lib/http/jaeger";

/** Jaeger: the services that have sent spans. */
export const GET = handleJaegerErrors(async () => {
  const services = await listServiceNames();
  return jaegerResponse(services, services.length);
});
