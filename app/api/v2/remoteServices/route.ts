import { listRemoteServiceNames } from "@/lib/db/traces";
import { handleErrors } from "@/lib/http/respond";
import { parseZipkinServiceName } from "@/lib/search/zipkin-params";

/** Zipkin: the services a service called or was called by, sorted. */
export const GET = handleErrors(async (request: Request) => {
  const serviceName = parseZipkinServiceName(new URL(request.url).searchParams);
  return Response.json(await listRemoteServiceNames(serviceName, { ignoreCase: true }));
});
