import { handleJaegerErrors, jaegerResponse } from "@/lib/http/jaeger";

/** Jaeger: service dependency links; empty until the dependency graph is built at ingest. */
export const GET = handleJaegerErrors(async () => jaegerResponse([]));
