import { describe, expect, it } from "vitest";
import { encodeJaegerMetricFamily, type JaegerMetricFamily, protoJsonTimestamp } from "./jaeger-metrics";

const T_US = Date.UTC(2021, 5, 3, 9, 12, 6) * 1000;

describe("encodeJaegerMetricFamily", () => {
  it("writes a service's call rate as jaeger-query does", () => {
    const family = encodeJaegerMetricFamily(
      "calls",
      [{ service: "driver", operation: null, points: [{ timeUs: T_US, value: 0.5 }] }],
      { groupByOperation: false },
    );
    expect(family).toEqual<JaegerMetricFamily>({
      name: "service_call_rate",
      type: "GAUGE",
      help: "calls/sec, grouped by service",
      metrics: [
        {
          labels: [{ name: "service_name", value: "driver" }],
          metricPoints: [{ gaugeValue: { doubleValue: 0.5 }, timestamp: "2021-06-03T09:12:06Z" }],
        },
      ],
    });
  });

  it.each([
    ["calls", undefined, "service_operation_call_rate", "calls/sec, grouped by service & operation"],
    [
      "errors",
      undefined,
      "service_operation_error_rate",
      "error rate, computed as a fraction of errors/sec over calls/sec, grouped by service & operation",
    ],
    [
      "latencies",
      0.95,
      "service_operation_latencies",
      "0.95th quantile latency, grouped by service & operation",
    ],
  ] as const)("names %s by operation, the service label first", (metric, quantile, name, help) => {
    const family = encodeJaegerMetricFamily(
      metric,
      [{ service: "driver", operation: "/FindNearest", points: [] }],
      { groupByOperation: true, ...(quantile === undefined ? {} : { quantile }) },
    );
    expect(family).toMatchObject({ name, help });
    expect(family.metrics[0]?.labels).toEqual([
      { name: "service_name", value: "driver" },
      { name: "operation", value: "/FindNearest" },
    ]);
  });

  it("writes an empty family with its metrics, which Jaeger UI reads unguarded", () => {
    expect(encodeJaegerMetricFamily("latencies", [], { groupByOperation: false, quantile: 0.5 })).toEqual({
      name: "service_latencies",
      type: "GAUGE",
      help: "0.50th quantile latency, grouped by service",
      metrics: [],
    });
  });
});

describe("protoJsonTimestamp", () => {
  it.each([
    [T_US, "2021-06-03T09:12:06Z"],
    [T_US + 250_000, "2021-06-03T09:12:06.250Z"],
    [T_US + 250, "2021-06-03T09:12:06.000250Z"],
    [T_US + 1_001, "2021-06-03T09:12:06.001001Z"],
    [-1_000_000, "1969-12-31T23:59:59Z"],
  ])("writes %d µs as %s", (timeUs, text) => {
    expect(protoJsonTimestamp(timeUs)).toBe(text);
  });
});
