import { describe, expect, it } from "vitest";
import { makeSpan } from "../../test/spans";
import { decodeOtlpJson } from "../ingest/otlp/json";
import { decodeOtlpProto } from "../ingest/otlp/proto";
import type { Span } from "../model/span";
import { encodeOtlpJson } from "./otlp-json";
import { encodeOtlpProto } from "./otlp-proto";

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

/** Every field OTLP carries: typed and nested attributes, events, links, scope, status, a 2^60 int. */
const SPANS: Span[] = [
  makeSpan({
    traceId: TRACE_ID,
    spanId: "00f067aa0ba902b7",
    name: "POST /checkout",
    startUs: 1_700_000_000_123_456,
    durationUs: 250_000,
    status: { code: "ERROR", message: "payment declined" },
    attributes: {
      "http.status_code": 502,
      ratio: 0.5,
      retried: true,
      items: ["a", "b"],
      big: "1152921504606846976",
    },
    resource: { "service.name": "checkout", "host.name": "web-1", nested: { zone: "eu-1a" } },
    events: [
      { timeUs: 1_700_000_000_200_000, name: "exception", attributes: { "exception.type": "Declined" } },
    ],
    scope: { name: "checkout-lib", version: "1.2.3" },
  }),
  makeSpan({
    traceId: TRACE_ID,
    spanId: "00f067aa0ba902b8",
    parentSpanId: "00f067aa0ba902b7",
    name: "charge",
    kind: "CLIENT",
    serviceName: "checkout",
    startUs: 1_700_000_000_130_000,
    durationUs: 100_000,
    resource: { "service.name": "checkout", "host.name": "web-1", nested: { zone: "eu-1a" } },
    links: [
      {
        traceId: "0000000000000000000000000000abcd",
        spanId: "000000000000beef",
        type: "LINK",
        attributes: { why: "retry" },
      },
    ],
  }),
];

describe("encodeOtlpProto", () => {
  it("decodes to what the OTLP/JSON encoding of the same spans decodes to", () => {
    const fromProto = decodeOtlpProto(Buffer.from(encodeOtlpProto(SPANS))).spans;
    const fromJson = decodeOtlpJson(JSON.parse(JSON.stringify(encodeOtlpJson(SPANS)))).spans;
    expect(fromProto).toEqual(fromJson);
    expect(fromProto.map((span) => [span.spanId, span.parentSpanId, span.startUs])).toEqual([
      ["00f067aa0ba902b7", undefined, 1_700_000_000_123_456],
      ["00f067aa0ba902b8", "00f067aa0ba902b7", 1_700_000_000_130_000],
    ]);
    expect(fromProto[0]?.attributes.big).toBe("1152921504606846976");
  });
});
