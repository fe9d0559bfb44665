import { listOperations } from "@/lib/db/traces";
import { handleErrors } from "@/lib/http/respond";
import { parseZipkinServiceName } from "@/lib/search/zipkin-params";

/** Zipkin: the span names of a service, sorted (POST here is ingest, answered before Next). */
export const GET = handleErrors(async (request: Request) => {
  const serviceName = parseZipkinServiceName(new URL(request.url).searchParams);
  const operations = await listOperations(serviceName, { ignoreCase: true });
  return Response.json([...new Set(operations.map((operation) => operation.name))]);
});
