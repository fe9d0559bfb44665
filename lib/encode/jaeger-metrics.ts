/**
 * Jaeger's metrics API answers (jaeger-query's `/api/metrics/{calls,errors,latencies}`): a
 * `MetricFamily` of its api_v2 metrics proto (openmetrics.proto), written as proto JSON, bare (no
 * `{data, …}` envelope; refusals alone come in the envelope, lib/http/jaeger-api.ts):
 *
 *   { "name": "service_call_rate" | "service_error_rate" | "service_latencies"
 *             (with groupByOperation: "service_operation_call_rate", …),
 *     "type": "GAUGE",
 *     "help": "calls/sec, grouped by service" (… " & operation"),
 *     "metrics": [ { "labels": [ {"name": "service_name", "value": "driver"},
 *                                {"name": "operation", "value": "/FindNearest"} ],
 *                    "metricPoints": [ { "gaugeValue": {"doubleValue": 0.0058},
 *                                        "timestamp": "2021-06-03T09:12:06Z" } ] } ] }
 *
 * Call rates in calls/s, error rates as a fraction 0..1, latencies in ms. Timestamps are proto
 * JSON's RFC 3339 in UTC, with 0, 3, 6 or 9 fraction digits as needed.
 *
 * What Jaeger UI reads (reducers/metrics.ts): `name`; `metrics[0].labels[0].value` as the service
 * (so `service_name` comes first); the label named `operation`; each point's
 * `gaugeValue.doubleValue.toFixed(2)` (anything else, e.g. Jaeger's "NaN", becomes a gap) and
 * `new Date(timestamp)`. It adds the `quantile` it asked itself.
 *
 * Jaeger's proto JSON leaves out an empty `metrics`; it is always written here, because Jaeger UI's
 * service charts read `metrics[0]` unguarded.
 *
 * `GET /api/metrics/minstep` (jaeger-query before 2.x removed it, as unused by the UI) answered the
 * enveloped milliseconds: `{"data": 5, "total": 0, "limit": 0, "offset": 0, "errors": null}`.
 */

export type JaegerMetricName = "calls" | "errors" | "latencies";

export interface JaegerMetricFamily {
  name: string;
  type: "GAUGE";
  help: string;
  metrics: JaegerMetric[];
}

export interface JaegerMetric {
  labels: { name: string; value: string }[];
  metricPoints: { gaugeValue: { doubleValue: number }; timestamp: string }[];
}

/** What is encoded: one series per service, or per service and operation. */
export interface JaegerMetricSeries {
  service: string;
  operation: string | null;
  points: readonly { timeUs: number; value: number }[];
}

const BASE_NAMES: Record<JaegerMetricName, string> = {
  calls: "service_call_rate",
  errors: "service_error_rate",
  latencies: "service_latencies",
};

export function encodeJaegerMetricFamily(
  metric: JaegerMetricName,
  series: readonly JaegerMetricSeries[],
  options: { groupByOperation: boolean; quantile?: number },
): JaegerMetricFamily {
  const name = BASE_NAMES[metric];
  return {
    name: options.groupByOperation ? name.replace("service", "service_operation") : name,
    type: "GAUGE",
    help: `${help(metric, options.quantile)}${options.groupByOperation ? " & operation" : ""}`,
    metrics: series.map(({ service, operation, points }) => ({
      labels: [
        { name: "service_name", value: service },
        ...(operation === null ? [] : [{ name: "operation", value: operation }]),
      ],
      metricPoints: points.map(({ timeUs, value }) => ({
        gaugeValue: { doubleValue: value },
        timestamp: protoJsonTimestamp(timeUs),
      })),
    })),
  };
}

/** jaeger-query's descriptions, word for word: the family's `help`. */
function help(metric: JaegerMetricName, quantile = 0): string {
  switch (metric) {
    case "calls":
      return "calls/sec, grouped by service";
    case "errors":
      return "error rate, computed as a fraction of errors/sec over calls/sec, grouped by service";
    case "latencies":
      return `${quantile.toFixed(2)}th quantile latency, grouped by service`;
  }
}

/**
 * A google.protobuf.Timestamp as proto JSON writes it: "2021-06-03T09:12:06Z",
 * "2021-06-03T09:12:06.250Z", "2021-06-03T09:12:06.000250Z" (epoch µs, whole).
 */
export function protoJsonTimestamp(timeUs: number): string {
  const ms = Math.floor(timeUs / 1000);
  const subMsUs = timeUs - ms * 1000;
  const iso = new Date(ms).toISOString();
  const millis = iso.slice(20, 23);
  const fraction =
    subMsUs > 0 ? `${millis}${String(subMsUs).padStart(3, "0")}` : millis === "000" ? "" : millis;
  return `${iso.slice(0, 19)}${fraction === "" ? "" : `.${fraction}`}Z`;
}
