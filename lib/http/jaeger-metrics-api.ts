import { jaegerEnvelope } from "../encode/jaeger-json";
import { encodeJaegerMetricFamily, type JaegerMetricName } from "../encode/jaeger-metrics";
import { MIN_STEP_MS, type MonitorMeasure, readJaegerMetrics } from "../read/jaeger-metrics";
import { parseJaegerMetricsQuery, parseJaegerQuantile } from "../search/jaeger-metrics-params";
import { withJaegerRefusals } from "./jaeger-api";
import { type ApiRequest, json, type Route } from "./router";
import { searchSettings } from "./search-settings";

/**
 * Jaeger's metrics API, what Jaeger UI's Monitor tab charts (Service Performance Monitoring): call
 * rates, error rates and latency quantiles per service or operation over time, as Jaeger answers
 * them from Prometheus (lib/encode/jaeger-metrics.ts), computed from the per-minute histograms
 * Tracelight keeps at ingest (lib/services/monitor-series.ts). Refusals in Jaeger's envelope.
 */
const MEASURES: { metric: JaegerMetricName; measure: (params: URLSearchParams) => MonitorMeasure }[] = [
  { metric: "calls", measure: () => ({ kind: "calls" }) },
  { metric: "errors", measure: () => ({ kind: "errors" }) },
  // The quantile is read first, as jaeger-query does.
  { metric: "latencies", measure: (params) => ({ kind: "latency", quantile: parseJaegerQuantile(params) }) },
];

export const JAEGER_METRICS_ROUTES: Route[] = withJaegerRefusals([
  ...MEASURES.map(({ metric, measure: readMeasure }) => ({
    method: "GET" as const,
    path: `/api/metrics/${metric}`,
    handle: async ({ url }: ApiRequest) => {
      const measure = readMeasure(url.searchParams);
      const nowUs = Date.now() * 1000;
      const query = parseJaegerMetricsQuery(url.searchParams, nowUs, searchSettings().limits.maxWindowUs);
      const series = await readJaegerMetrics(query, measure, nowUs);
      return json(
        encodeJaegerMetricFamily(metric, series, {
          groupByOperation: query.groupByOperation,
          ...(measure.kind === "latency" ? { quantile: measure.quantile } : {}),
        }),
      );
    },
  })),
  {
    // The finest step worth asking: Tracelight counts per minute. In ms, in the envelope, as
    // jaeger-query answered it before 2.x dropped the endpoint.
    method: "GET",
    path: "/api/metrics/minstep",
    handle: async () => json(jaegerEnvelope(MIN_STEP_MS)),
  },
]);
