import { describe, expect, it } from "vitest";
import { isWellFormed } from "../../../test/decoder-properties";
import { OTLP_JSON_FIXTURES, readFixture, readJsonLines } from "../../../test/fixtures";
import { type Span, UNKNOWN_SERVICE } from "../../model/span";
import { decodeOtlpJson } from "./json";

const decodeFixture = (path: string) => decodeOtlpJson(readFixture(path)).spans;
const byId = (spans: Span[], spanId: string) => spans.find((span) => span.spanId === spanId);

describe("decodeOtlpJson on every OTLP/JSON fixture", () => {
  it.each(OTLP_JSON_FIXTURES)(
    "%s decodes to %i well-formed spans, input untouched",
    { tags: ["corpus"] },
    (path, count) => {
      const input = readFixture(path);
      const before = structuredClone(input);
      const spans = decodeOtlpJson(input).spans;
      expect(input).toStrictEqual(before);
      expect(spans).toHaveLength(count);
      expect(spans.filter((span) => !isWellFormed(span))).toStrictEqual([]);
    },
  );

  it.each([
    ["otlp2parquet/traces.jsonl", 19, 19],
    ["jaeger-ui/otlp2jaeger-multi-in.json.txt", 4, 4],
  ])("%s: each of its lines is a request; %i lines, %i spans", { tags: ["corpus"] }, (path, lines, count) => {
    const requests = readJsonLines(path);
    expect(requests).toHaveLength(lines);
    expect(requests.flatMap((request) => decodeOtlpJson(request).spans)).toHaveLength(count);
  });

  it("the NDJSON lines of otlp2jaeger-multi-in decode as the combined file does", {
    tags: ["corpus"],
  }, () => {
    const lines = readJsonLines("jaeger-ui/otlp2jaeger-multi-in.json.txt").flatMap(
      (r) => decodeOtlpJson(r).spans,
    );
    expect(lines).toStrictEqual(decodeFixture("jaeger-ui/otlp2jaeger-multi-in-combined.json"));
  });

  it("unwraps Jaeger's api_v3 GetTrace envelope: 40 spans, 6 services, 3 errors with their messages", {
    tags: ["corpus"],
  }, () => {
    const { result } = readFixture("jaeger-ui/apiv3-getTrace-response-hotrod.json") as { result: unknown };
    const spans = decodeOtlpJson(result).spans;
    expect(spans).toHaveLength(40);
    expect(new Set(spans.map((span) => span.serviceName)).size).toBe(6);
    const errors = spans.filter((span) => span.status.code === "ERROR");
    expect(errors.map((span) => [span.spanId, span.status.message])).toStrictEqual([
      ["515f970d6a704d52", "An error occurred"],
      ["07ec899a462aa19a", "An error occurred"],
      ["86be964c30cd8888", "An error occurred"],
    ]);
    expect(byId(spans, "9082d67808fc8870")).toMatchObject({
      kind: "CLIENT",
      parentSpanId: "c8d93156b47cd010",
      startUs: 1782036644636668, // 1782036644636668325 ns
      durationUs: 261559, // end 1782036644898226779 ns rounds up, start rounds down
      attributes: { "http.response.status_code": 200, "server.port": 8081 },
      scope: { name: "go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp", version: "0.69.0" },
    });
  });
});

describe("decodeOtlpJson field by field", () => {
  it("maps the spec's own example completely", { tags: ["corpus"] }, () => {
    expect(decodeFixture("otel-proto/trace.json")).toStrictEqual([
      {
        traceId: "5b8efff798038103d269b633813fc60c",
        spanId: "eee19b7ec3c1b174",
        parentSpanId: "eee19b7ec3c1b173",
        name: "I'm a server span",
        kind: "SERVER",
        serviceName: "my.service",
        startUs: 1544712660000000,
        durationUs: 1000000,
        status: { code: "UNSET" },
        attributes: { "my.span.attr": "some value" },
        resource: { "service.name": "my.service" },
        events: [],
        links: [],
        scope: {
          name: "my.library",
          version: "1.0.0",
          attributes: { "my.scope.attribute": "some scope attribute" },
        },
      },
    ]);
  });

  it("reads protobuf's canonical JSON: base64 ids and enum names", { tags: ["corpus"] }, () => {
    const [egress, ingress] = decodeFixture("otlp2parquet/trace.json");
    expect(egress).toMatchObject({
      traceId: "9d79b1a37f31801cd11a6706fb40d6bd", // "nXmxo38xgBzRGmcG+0DWvQ=="
      spanId: "de562439e9c1b823", // "3lYkOenBuCM="
      parentSpanId: "57526846903bb13e", // "V1JoRpA7sT4="
      kind: "CLIENT",
      startUs: 1760738064624462,
      durationUs: 4021,
      attributes: { "http.status_code": "200" },
      resource: { "service.namespace": "opentelemetry-demo", "telemetry.sdk.name": "envoy" },
    });
    expect(ingress).toMatchObject({ spanId: "57526846903bb13e", kind: "SERVER", status: { code: "UNSET" } });
  });

  it("keeps 128-bit ids whose low half is zero, every value type, tracestate, events and links", {
    tags: ["corpus"],
  }, () => {
    const spans = decodeFixture("jaeger/memory-store/otel_traces_01.json");
    expect(spans.map((span) => span.kind)).toStrictEqual(["SERVER", "CLIENT", "PRODUCER", "CONSUMER"]);
    expect(spans[0]).toStrictEqual({
      traceId: "00000000000000010000000000000000",
      spanId: "0000000000000002",
      parentSpanId: "0000000000000003",
      name: "test-general-conversion-2",
      kind: "SERVER",
      serviceName: "service-x",
      remoteServiceName: "service-y",
      startUs: 1485467191639875,
      durationUs: 5,
      status: { code: "ERROR" },
      attributes: {
        "peer.service": "service-y",
        "peer.ipv4": 23456,
        blob: "AAAwOQ==",
        temperature: 72.5,
        "w3c.tracestate": "state.2",
      },
      resource: { "service.name": "service-x" },
      events: [
        { timeUs: 1485467191639875, name: "testing-event", attributes: { "event-x": "event-y" } },
        { timeUs: 1485467191639875, name: "", attributes: { x: "y" } },
      ],
      links: [
        {
          traceId: "00000000000000010000000000000000",
          spanId: "0000000000000004",
          type: "LINK",
          attributes: { "opentracing.ref_type": "follows_from" },
        },
        {
          traceId: "00000000000000ff0000000000000000",
          spanId: "00000000000000ff",
          type: "LINK",
          attributes: { "opentracing.ref_type": "child_of" },
        },
      ],
      scope: {
        name: "testing-library-2",
        version: "1.1.1",
        attributes: { "scope.attributes.2": "attribute-y" },
      },
    });
    expect(spans[3]?.scope?.name).toBe("testing-library-3");
  });

  it("reads enum-name statuses and keeps their messages", { tags: ["corpus"] }, () => {
    const errors = decodeFixture("jaeger/mcp-skills/sibling_errors.json").filter(
      (s) => s.status.code === "ERROR",
    );
    expect(errors).toHaveLength(5);
    expect(errors[0]?.status).toStrictEqual({ code: "ERROR", message: "order failed" });
  });

  it("keeps booleans and arrays from the OTel demo capture with their types", { tags: ["corpus"] }, () => {
    const span = byId(decodeFixture("jaeger/mcp-skills/error_timeout_masked.json"), "8a6cc5e0a19e94e9");
    expect(span?.attributes["next.rsc"]).toBe(false);
  });

  it("sets a resource without service.name to unknown_service with a warning (otlp2jaeger-in-error)", {
    tags: ["corpus"],
  }, () => {
    expect(decodeFixture("jaeger-ui/otlp2jaeger-in-error.json")).toMatchObject([
      {
        serviceName: UNKNOWN_SERVICE,
        remoteServiceName: "telemetrygen-client",
        resource: { "service.name": UNKNOWN_SERVICE },
        warnings: [`resource has no service.name; set to ${UNKNOWN_SERVICE}`],
      },
    ]);
  });

  it("ignores the dropped counts of -1 in otlp2jaeger-negative-counts, saying so", {
    tags: ["corpus"],
  }, () => {
    const [span] = decodeFixture("jaeger-ui/otlp2jaeger-negative-counts.json");
    expect(span?.warnings).toStrictEqual([
      `resource has no service.name; set to ${UNKNOWN_SERVICE}`,
      "negative count of dropped attributes (-1) ignored",
      "negative count of dropped attributes of event 0 (-1) ignored",
      "negative count of dropped attributes of link 0 (-1) ignored",
    ]);
    expect(span?.links).toStrictEqual([
      { traceId: "83a9efd15c1c98a977e0711cc93ee28c", spanId: "e127af99e3b3e075", type: "LINK" },
    ]);
  });

  it("keeps a span id seen twice (otlp2jaeger-in) as two spans", { tags: ["corpus"] }, () => {
    const spans = decodeFixture("jaeger-ui/otlp2jaeger-in.json");
    expect(spans.map((span) => span.spanId)).toStrictEqual(["e127af99e3b3e074", "e127af99e3b3e074"]);
  });
});

/** A request of one span in one scope of one resource, with `fields` over a valid minimal span. */
const request = (fields: Record<string, unknown> = {}, resource: Record<string, unknown> = {}) => ({
  resourceSpans: [
    {
      resource: { attributes: [{ key: "service.name", value: { stringValue: "svc" } }], ...resource },
      scopeSpans: [
        {
          scope: { name: "lib" },
          spans: [
            {
              traceId: "0af7651916cd43dd8448eb211c80319c",
              spanId: "b7ad6b7169203331",
              name: "op",
              startTimeUnixNano: "1700000000000000000",
              endTimeUnixNano: "1700000000000002000",
              ...fields,
            },
          ],
        },
      ],
    },
  ],
});
const one = (body: unknown): Span => {
  const spans = decodeOtlpJson(body).spans;
  expect(spans).toHaveLength(1);
  return spans[0] as Span;
};
const attr = (value: unknown) => ({ attributes: [{ key: "a", value }] });
const SPAN = "resourceSpans[0].scopeSpans[0].spans[0]";

describe("decodeOtlpJson on edge cases", () => {
  it.each([
    ["an empty request has no spans", {}, undefined],
    ["kind 0 (UNSPECIFIED) is INTERNAL", request({ kind: 0 }), { kind: "INTERNAL" }],
    ["SPAN_KIND_PRODUCER is read by name", request({ kind: "SPAN_KIND_PRODUCER" }), { kind: "PRODUCER" }],
    ["status 1 is OK", request({ status: { code: 1 } }), { status: { code: "OK" } }],
    ["an empty parent is a root", request({ parentSpanId: "" }), {}, ["parentSpanId"]],
    ["an all-zero parent is a root", request({ parentSpanId: "0000000000000000" }), {}, ["parentSpanId"]],
    [
      "upper-case hex ids are lowered",
      request({ spanId: "B7AD6B7169203331" }),
      { spanId: "b7ad6b7169203331" },
    ],
    [
      "a trace id with a zero high half is 64-bit",
      request({ traceId: "00000000000000008448eb211c80319c" }),
      { traceId: "8448eb211c80319c" },
    ],
    [
      "nanoseconds round to the nearest µs",
      request({ startTimeUnixNano: "1700000000000000499", endTimeUnixNano: "1700000000000001500" }),
      { startUs: 1700000000000000, durationUs: 2 },
    ],
    [
      "nanoseconds may be JSON numbers",
      request({ startTimeUnixNano: 1.7e18, endTimeUnixNano: 1.700000000000002e18 }),
      { startUs: 1.7e15, durationUs: 2 },
    ],
    [
      "snake_case keys are read",
      request({
        trace_id: "0af7651916cd43dd8448eb211c80319d",
        traceId: undefined,
        start_time_unix_nano: "1000",
        startTimeUnixNano: undefined,
      }),
      { traceId: "0af7651916cd43dd8448eb211c80319d", startUs: 1 },
    ],
    [
      "an end before the start gives 0 with a warning",
      request({ endTimeUnixNano: "1699999999999999000" }),
      { durationUs: 0, warnings: ["end time -1 µs before start time; duration set to 0"] },
    ],
    [
      "a missing end gives 0 with a warning",
      request({ endTimeUnixNano: undefined }),
      { durationUs: 0, warnings: ["end time missing; duration set to 0"] },
    ],
    [
      "a non-empty traceState becomes w3c.tracestate",
      request({ traceState: "ro=1" }),
      { attributes: { "w3c.tracestate": "ro=1" } },
    ],
    ["a safe intValue string is a number", request(attr({ intValue: "-42" })), { attributes: { a: -42 } }],
    [
      "an unsafe intValue is kept as its decimal string",
      request(attr({ intValue: "9223372036854775807" })),
      { attributes: { a: "9223372036854775807" } },
    ],
    [
      "doubles stay numbers, NaN stays a string",
      request({
        attributes: [
          { key: "d", value: { doubleValue: 1.5 } },
          { key: "n", value: { doubleValue: "NaN" } },
        ],
      }),
      { attributes: { d: 1.5, n: "NaN" } },
    ],
    ["bytes are base64", request(attr({ bytesValue: "3q2+7w==" })), { attributes: { a: "3q2+7w==" } }],
    [
      "arrays and kvlists nest",
      request(
        attr({
          kvlistValue: {
            values: [{ key: "k", value: { arrayValue: { values: [{ intValue: 1 }, { boolValue: true }] } } }],
          },
        }),
      ),
      { attributes: { a: { k: [1, true] } } },
    ],
    ["an empty value is left out", request(attr({})), { attributes: {} }],
    [
      "the key __proto__ is an ordinary attribute",
      request({ attributes: [{ key: "__proto__", value: { stringValue: "x" } }] }),
      { attributes: JSON.parse('{"__proto__":"x"}') },
    ],
    [
      "dropped counts are warned about",
      request({ droppedAttributesCount: 2, droppedEventsCount: "1", droppedLinksCount: 3 }),
      { warnings: ["sender dropped 2 attributes", "sender dropped 1 events", "sender dropped 3 links"] },
    ],
    ["unknown fields are ignored", request({ flags: 257, somethingNew: { x: 1 } }), { name: "op" }],
  ])("%s", (_name, body, expected, absent: string[] = []) => {
    if (expected === undefined) {
      expect(decodeOtlpJson(body).spans).toStrictEqual([]);
      return;
    }
    const span = one(body);
    expect(span).toMatchObject(expected);
    for (const key of absent) expect(span).not.toHaveProperty(key);
  });

  it("peer.service sets remoteServiceName and stays an attribute", () => {
    const span = one(request({ attributes: [{ key: "peer.service", value: { stringValue: "db" } }] }));
    expect([span.remoteServiceName, span.attributes["peer.service"]]).toStrictEqual(["db", "db"]);
  });

  it("reads the deprecated instrumentationLibrarySpans when scopeSpans is absent", () => {
    const body = {
      resourceSpans: [
        {
          instrumentationLibrarySpans: [
            {
              instrumentationLibrary: { name: "old", version: "0.9" },
              spans: request().resourceSpans[0]?.scopeSpans[0]?.spans,
            },
          ],
        },
      ],
    };
    expect(one(body)).toMatchObject({ scope: { name: "old", version: "0.9" }, serviceName: UNKNOWN_SERVICE });
  });
});

describe("decodeOtlpJson refuses", () => {
  const deep = (levels: number): unknown =>
    levels === 0 ? { stringValue: "x" } : { arrayValue: { values: [deep(levels - 1)] } };
  it.each([
    ["a body that is not an object", [], "expected an OTLP ExportTraceServiceRequest object, got array"],
    [
      "resourceSpans that is not an array",
      { resourceSpans: {} },
      "body.resourceSpans: expected an array, got object",
    ],
    [
      "a span id that is padded base64 of the wrong size",
      request({ spanId: "INVALID==" }),
      `${SPAN}.spanId: "INVALID==" is not base64 of 8 bytes; expected 16 hex digits or 12 base64 characters`,
    ],
    ["a missing trace id", request({ traceId: undefined }), `${SPAN}.traceId: missing; expected a string`],
    [
      "an all-zero span id",
      request({ spanId: "0000000000000000" }),
      `${SPAN}.spanId: "0000000000000000" is all zeros; expected 16 hex digits or 12 base64 characters`,
    ],
    ["kind 6", request({ kind: 6 }), `${SPAN}.kind: expected a SpanKind 0 to 5, got 6`],
    [
      "status code 3",
      request({ status: { code: 3 } }),
      `${SPAN}.status.code: expected a StatusCode 0 to 2, got 3`,
    ],
    [
      "nanoseconds that are not digits",
      request({ startTimeUnixNano: "17e17" }),
      `${SPAN}.startTimeUnixNano: expected digits of nanoseconds, got "17e17"`,
    ],
    [
      "a time past 2^53 µs",
      request({ endTimeUnixNano: "18446744073709551615" }),
      `${SPAN}.endTimeUnixNano: expected unix nanoseconds below 2^53 µs (year 2255), got "18446744073709551615"`,
    ],
    [
      "a negative time",
      request({ startTimeUnixNano: -5000 }),
      `${SPAN}.startTimeUnixNano: expected unix nanoseconds from 0, got -5000`,
    ],
    [
      "an intValue beyond 64 bits",
      request(attr({ intValue: "9223372036854775808" })),
      `${SPAN}.attributes[0].value.intValue: expected a 64-bit integer, got "9223372036854775808"`,
    ],
    [
      "a stringValue that is a number",
      request(attr({ stringValue: 1 })),
      `${SPAN}.attributes[0].value.stringValue: expected a string, got number`,
    ],
    [
      "an attribute without a key",
      request({ attributes: [{ value: { stringValue: "x" } }] }),
      `${SPAN}.attributes[0].key: missing; expected a string`,
    ],
    [
      "values nested deeper than 32 levels",
      request(attr(deep(40))),
      `${SPAN}.attributes[0].value${".arrayValue.values[0]".repeat(32)}.arrayValue: nested deeper than 32 levels`,
    ],
  ])("%s", (_name, body, message) => {
    expect(() => decodeOtlpJson(body)).toThrow(
      expect.objectContaining({ name: "RequestError", status: 400, message }),
    );
  });

  it.each([
    [
      "otlp2parquet/invalid-trace_invalid_base64.json",
      () => readFixture("otlp2parquet/invalid-trace_invalid_base64.json"),
      `${SPAN}.traceId: "!!!INVALID_BASE64!!!" is not hex; expected 32 hex digits or 24 base64 characters`,
    ],
    [
      "otlp2parquet/invalid-trace_invalid_kind.json",
      () => readFixture("otlp2parquet/invalid-trace_invalid_kind.json"),
      `${SPAN}.kind: expected a SpanKind 0 to 5, got "SPAN_KIND_INVALID_TYPE"`,
    ],
    [
      "otlp2parquet/invalid-trace_mixed_encoding.json",
      () => readFixture("otlp2parquet/invalid-trace_mixed_encoding.json"),
      `${SPAN}.traceId: "zzz" is not hex; expected 32 hex digits or 24 base64 characters`,
    ],
  ])("%s", { tags: ["corpus"] }, (_name, body, message) => {
    expect(() => decodeOtlpJson(body())).toThrow(
      expect.objectContaining({ name: "RequestError", status: 400, message }),
    );
  });
});
