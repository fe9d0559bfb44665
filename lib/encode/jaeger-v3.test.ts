import { describe, expect, it } from "vitest";
import { makeSpan } from "../../test/spans";
import { jaegerTraceSummary } from "./jaeger-v3";

describe("jaegerTraceSummary", () => {
  it("sums a trace up as Jaeger UI's search lists it", () => {
    const spans = [
      makeSpan({
        spanId: "02",
        parentSpanId: "01",
        serviceName: "db",
        startUs: 1_100,
        durationUs: 300,
        status: { code: "ERROR" },
      }),
      makeSpan({ spanId: "01", serviceName: "api", name: "GET /cart", startUs: 1_000, durationUs: 500 }),
      makeSpan({ spanId: "03", parentSpanId: "99", serviceName: "api", startUs: 1_200, durationUs: 600 }),
    ];
    expect(jaegerTraceSummary(spans)).toEqual({
      traceId: "00000000000000000000000000000001",
      rootServiceName: "api",
      rootOperationName: "GET /cart",
      minStartTimeUnixNano: "1000000",
      maxEndTimeUnixNano: "1800000",
      spanCount: 3,
      errorSpanCount: 1,
      orphanSpanCount: 1,
      services: [
        { name: "api", spanCount: 2 },
        { name: "db", spanCount: 1, errorSpanCount: 1 },
      ],
    });
  });
});
