import protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import { readFixture, readFixtureBytes, readJsonLines } from "../../../test/fixtures";
import type { Span } from "../../model/span";
import { decodeOtlpJson } from "./json";
import { decodeOtlpProto } from "./proto";

/**
 * A sender's view of trace.proto, enough to write the requests below, including what our decoder must
 * refuse (3-byte ids, kind 9) and the deprecated field 1000.
 */
const SENDER = protobuf.parse(`
syntax = "proto3";
message AnyValue { oneof value { string string_value = 1; ArrayValue array_value = 5; } }
message ArrayValue { repeated AnyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message Scope { string name = 1; string version = 2; }
message Status { string message = 2; int32 code = 3; }
message Span {
  bytes trace_id = 1; bytes span_id = 2; bytes parent_span_id = 4; string name = 5; int32 kind = 6;
  fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8; repeated KeyValue attributes = 9;
  Status status = 15;
}
message ScopeSpans { Scope scope = 1; repeated Span spans = 2; }
message ResourceSpans { repeated ScopeSpans scope_spans = 2; repeated ScopeSpans instrumentation_library_spans = 1000; }
message Request { repeated ResourceSpans resource_spans = 1; }
`).root;
const REQUEST = SENDER.lookupType("Request");

const span = (fields: Record<string, unknown> = {}) => ({
  traceId: Buffer.from("0af7651916cd43dd8448eb211c80319c", "hex"),
  spanId: Buffer.from("b7ad6b7169203331", "hex"),
  name: "op",
  kind: 2,
  startTimeUnixNano: "1700000000000000499",
  endTimeUnixNano: "1700000000000002500",
  ...fields,
});
const encode = (resourceSpans: unknown[]) =>
  Buffer.from(REQUEST.encode(REQUEST.fromObject({ resourceSpans })).finish());
const request = (fields: Record<string, unknown> = {}) =>
  encode([{ scopeSpans: [{ spans: [span(fields)] }] }]);
const SPAN = "resourceSpans[0].scopeSpans[0].spans[0]";

/** A length-delimited field: protobufjs's own encoder refuses to write nesting its decoder would refuse. */
const field = (number: number, bytes: Uint8Array) =>
  protobuf.Writer.create()
    .uint32((number << 3) | 2)
    .bytes(bytes)
    .finish();

/** A request whose span has an attribute of arrays nested `levels` deep, assembled field by field. */
function deeplyNested(levels: number): Buffer {
  let value = field(1, Buffer.from("x"));
  for (let i = 0; i < levels; i++) value = field(5, field(1, value));
  const spanBytes = SENDER.lookupType("Span").encode(SENDER.lookupType("Span").fromObject(span())).finish();
  const attribute = field(9, Buffer.concat([field(1, Buffer.from("a")), field(2, value)]));
  return Buffer.from(field(1, field(2, field(2, Buffer.concat([spanBytes, attribute])))));
}

describe("decodeOtlpProto on the protobuf fixtures", () => {
  it("otlp2parquet/trace.pb decodes exactly as its JSON twin trace.json", { tags: ["corpus"] }, () => {
    const spans = decodeOtlpProto(readFixtureBytes("otlp2parquet/trace.pb")).spans;
    expect(spans).toStrictEqual(decodeOtlpJson(readFixture("otlp2parquet/trace.json")).spans);
    expect(spans[0]).toMatchObject({
      traceId: "9d79b1a37f31801cd11a6706fb40d6bd",
      spanId: "de562439e9c1b823",
      parentSpanId: "57526846903bb13e",
      kind: "CLIENT",
      serviceName: "frontend-proxy",
      startUs: 1760738064624462,
      durationUs: 4021,
      scope: { name: "envoy" },
    });
  });

  it("otlp2parquet/traces.pb (19 requests back to back) decodes as the 19 lines of traces.jsonl", {
    tags: ["corpus"],
  }, () => {
    const spans = decodeOtlpProto(readFixtureBytes("otlp2parquet/traces.pb")).spans;
    const lines = readJsonLines("otlp2parquet/traces.jsonl").flatMap((line) => decodeOtlpJson(line).spans);
    expect(spans).toHaveLength(19);
    expect(spans).toStrictEqual(lines);
    expect(new Set(spans.map((decoded) => decoded.serviceName)).size).toBe(8);
  });

  it("leaves its input untouched", { tags: ["corpus"] }, () => {
    const body = readFixtureBytes("otlp2parquet/traces.pb");
    const before = Buffer.from(body);
    decodeOtlpProto(body);
    expect(body.equals(before)).toBe(true);
  });
});

describe("decodeOtlpProto field by field", () => {
  it("rounds fixed64 nanoseconds to µs exactly, past 2^53 ns", () => {
    expect(decodeOtlpProto(request()).spans[0]).toMatchObject({ startUs: 1700000000000000, durationUs: 3 });
  });

  it.each([
    ["an empty body is an empty request", Buffer.alloc(0), []],
    [
      "an empty parent is a root",
      request({ parentSpanId: Buffer.alloc(0) }),
      [{ spanId: "b7ad6b7169203331" }],
    ],
    [
      "an all-zero parent is a root",
      request({ parentSpanId: Buffer.alloc(8) }),
      [{ spanId: "b7ad6b7169203331" }],
    ],
  ])("%s", (_name, body, expected) => {
    const spans = decodeOtlpProto(body).spans;
    expect(spans).toMatchObject(expected);
    for (const decoded of spans) expect(decoded).not.toHaveProperty("parentSpanId");
  });

  it("reads the deprecated instrumentation_library_spans (field 1000) when scope_spans is empty", () => {
    const body = encode([
      { instrumentationLibrarySpans: [{ scope: { name: "old", version: "0.9" }, spans: [span()] }] },
    ]);
    expect(decodeOtlpProto(body).spans).toMatchObject([
      { scope: { name: "old", version: "0.9" }, kind: "SERVER" },
    ]);
  });
});

describe("decodeOtlpProto refuses", () => {
  const nested = (levels: number): unknown =>
    levels === 0 ? { stringValue: "x" } : { arrayValue: { values: [nested(levels - 1)] } };
  const truncated = request({
    attributes: [{ key: "http.url", value: { stringValue: "x".repeat(200) } }],
  }).subarray(0, 100);
  it.each([
    [
      "bytes that are not protobuf",
      Buffer.from([0xff, 0xff, 0xff]),
      /^body: not a protobuf ExportTraceServiceRequest/,
    ],
    ["a truncated body", truncated, /^body: not a protobuf ExportTraceServiceRequest \(index out of range/],
    [
      "a 3-byte trace id",
      request({ traceId: Buffer.from("abcdef", "hex") }),
      `${SPAN}.traceId: expected 16 bytes, got 3`,
    ],
    ["a missing span id", request({ spanId: Buffer.alloc(0) }), `${SPAN}.spanId: missing; expected 8 bytes`],
    [
      "an all-zero trace id",
      request({ traceId: Buffer.alloc(16) }),
      `${SPAN}.traceId: "00000000000000000000000000000000" is all zeros; expected 16 bytes`,
    ],
    ["kind 9", request({ kind: 9 }), `${SPAN}.kind: expected a SpanKind 0 to 5, got 9`],
    ["a negative kind", request({ kind: -1 }), `${SPAN}.kind: expected a SpanKind 0 to 5, got -1`],
    [
      "status code 5",
      request({ status: { code: 5 } }),
      `${SPAN}.status.code: expected a StatusCode 0 to 2, got 5`,
    ],
    [
      "a time past 2^53 µs",
      request({ endTimeUnixNano: "18446744073709551615" }),
      `${SPAN}.endTimeUnixNano: expected unix nanoseconds below 2^53 µs (year 2255), got "18446744073709551615"`,
    ],
    [
      "values nested deeper than 32 levels",
      request({ attributes: [{ key: "a", value: nested(33) }] }),
      `${SPAN}.attributes[0].value${".arrayValue.values[0]".repeat(32)}.arrayValue.values: nested deeper than 32 levels`,
    ],
    [
      "nesting past protobufjs's depth limit",
      deeplyNested(60),
      /^body: not a protobuf ExportTraceServiceRequest \(max depth exceeded\)$/,
    ],
  ])("%s", (_name, body, message) => {
    expect(() => decodeOtlpProto(body)).toThrow(
      expect.objectContaining({
        name: "RequestError",
        status: 400,
        message: typeof message === "string" ? message : expect.stringMatching(message),
      }),
    );
  });

  it("is refused the same in both encodings: the paths are the JSON names", () => {
    const json = { resourceSpans: [{ scopeSpans: [{ spans: [{ ...jsonSpan, kind: 9 }] }] }] };
    const refusal = (decode: () => { spans: Span[] }) =>
      expect(decode).toThrow(`${SPAN}.kind: expected a SpanKind 0 to 5, got 9`);
    refusal(() => decodeOtlpJson(json));
    refusal(() => decodeOtlpProto(request({ kind: 9 })));
  });
});

const jsonSpan = { traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203331" };
