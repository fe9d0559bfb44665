import { describe, expect, it } from "vitest";
import type { Span } from "../model/span";
import { summariseTrace } from "./summary";
import { buildTraceTree } from "./tree";

const base = {
  traceId: "0000000000000001",
  kind: "SERVER" as const,
  attributes: {},
  resource: {},
  events: [],
  links: [],
};

describe("summariseTrace", () => {
  it("spans the earliest start to the latest end, even when a child outlives its parent", () => {
    const spans: Span[] = [
      {
        ...base,
        spanId: "a",
        name: "GET /",
        serviceName: "front",
        startUs: 100,
        durationUs: 50,
        status: { code: "UNSET" },
      },
      {
        ...base,
        spanId: "b",
        parentSpanId: "a",
        name: "q",
        serviceName: "db",
        startUs: 120,
        durationUs: 80,
        status: { code: "ERROR" },
        attributes: { "http.status_code": "503" },
      },
    ];
    expect(summariseTrace(buildTraceTree(spans))).toEqual({
      startUs: 100,
      endUs: 200,
      durationUs: 100,
      spanCount: 2,
      serviceCount: 2,
      depth: 2,
      errorCount: 1,
      rootService: "front",
      rootName: "GET /",
      httpStatuses: { 503: 1 },
    });
  });
});
