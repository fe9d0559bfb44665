import type { Collector } from "../collector/collector";
import type { Config } from "../config";
import type { Strategies } from "../sampling/strategies";
import { datadogRoutes } from "./datadog-api";
import { ingestRoutes } from "./ingest";
import { JAEGER_ROUTES } from "./jaeger-api";
import { JAEGER_METRICS_ROUTES } from "./jaeger-metrics-api";
import { JAEGER_V3_ROUTES } from "./jaeger-v3-api";
import { METRICS_ROUTES } from "./metrics-api";
import { NAMES_ROUTES } from "./names-api";
import { type Route, withAccess } from "./router";
import { samplingRoutes } from "./sampling";
import { TEMPO_API_ROUTES } from "./tempo-api";
import { TRACELIGHT_ROUTES } from "./tracelight-api";
import { TRACEQL_ROUTES } from "./traceql-api";
import { ZIPKIN_ROUTES } from "./zipkin-api";

/**
 * Every API route the main port (and the peers' HTTP ports) answers, each with the access it needs
 * (lib/access/access.ts): tracers' writes are `ingest`; what a tracer asks besides (the Datadog
 * agent's /info and intake, Jaeger's sampling strategies) is `public`, as health is; everything that
 * reads stored spans, and /metrics, is `read`.
 */
export function apiRoutes(
  collector: Collector,
  config: Pick<Config, "TRACELIGHT_MAX_BODY_BYTES">,
  strategies: Strategies,
): Route[] {
  return [
    ...withAccess("ingest", ingestRoutes(collector, config)),
    ...withAccess("public", datadogRoutes(config)),
    ...withAccess("read", ZIPKIN_ROUTES),
    ...withAccess("read", JAEGER_ROUTES),
    ...withAccess("read", JAEGER_METRICS_ROUTES),
    ...withAccess("read", JAEGER_V3_ROUTES),
    ...withAccess("read", TRACELIGHT_ROUTES),
    ...withAccess("read", TRACEQL_ROUTES),
    ...withAccess("read", TEMPO_API_ROUTES),
    ...withAccess("read", NAMES_ROUTES),
    ...withAccess("public", samplingRoutes(strategies)),
    ...withAccess("read", METRICS_ROUTES),
  ];
}
