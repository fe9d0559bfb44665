import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { model, option, TraceId } from "zipkin";
import { readFixture, readZipkinV2Fixture } from "../../../test/fixtures";
import {
  encodeZipkinV1Thrift,
  readThriftJsonFixture,
  type ThriftJsonSpan,
  wrapInThriftList,
} from "../../../test/zipkin-encoders";
import { ENDPOINT_KEYS, type Span, UNKNOWN_SERVICE } from "../../model/span";
import { decodeZipkinV1Json, decodeZipkinV1Thrift } from "./v1";

// zipkin-js's Thrift encoder ships no type declarations; it writes one zipkincore Span per call.
const { encode: encodeZipkinJsSpan } = createRequire(import.meta.url)("zipkin-encoder-thrift") as {
  encode: (span: model.Span) => Buffer;
};

const decodeThriftFixture = (path: string) =>
  decodeZipkinV1Thrift(encodeZipkinV1Thrift(readThriftJsonFixture(path))).spans;
const span = (fields: Partial<ThriftJsonSpan>): ThriftJsonSpan => ({
  trace_id: 10,
  id: 11,
  name: "get",
  ...fields,
});
const host = { ipv4: 0x0a000001, port: 8080, service_name: "web" };

describe("decodeZipkinV1Thrift on the corpus's Thrift oracles", () => {
  it("decodes zipkin_v1_thrift_single_batch as the JSON form of the same batch", { tags: ["corpus"] }, () => {
    const thrift = decodeThriftFixture("otel-collector/zipkin_v1_thrift_single_batch.json");
    const json = decodeZipkinV1Json(readFixture("otel-collector/zipkin_v1_single_batch.json")).spans;
    // The only difference between the two files: the Thrift I64 status code has 2 bytes too many.
    const server = json.find((decoded) => decoded.spanId === "f9ebb6e64880612a" && decoded.shared) as Span;
    server.warnings = ["http.status_code: I64 value of 10 bytes; read the first 8"];
    expect(thrift).toStrictEqual(json);
  });

  it("splits the merged client+server span of zipkin_thrift_v1_merged_spans, its hosts empty", {
    tags: ["corpus"],
  }, () => {
    const spans = decodeThriftFixture("jaeger/collector-zipkin/zipkin_thrift_v1_merged_spans.json");
    const v2 = readZipkinV2Fixture("jaeger/collector-zipkin/zipkin_v1_merged_spans.json") as { id: string }[];
    expect(
      spans.map(({ spanId, kind, shared, startUs, durationUs }) => ({
        spanId,
        kind,
        shared,
        startUs,
        durationUs,
      })),
    ).toStrictEqual([
      { spanId: v2[0]?.id, kind: "SERVER", shared: undefined, startUs: 1633073248674949, durationUs: 14861 },
      { spanId: v2[1]?.id, kind: "CLIENT", shared: undefined, startUs: 1633073248678309, durationUs: 3360 },
      { spanId: v2[1]?.id, kind: "SERVER", shared: true, startUs: 1633073248681669, durationUs: 6719 },
    ]);
    for (const decoded of spans) {
      expect(decoded).toMatchObject({
        traceId: "4ed11df465275600",
        serviceName: UNKNOWN_SERVICE,
        attributes: {},
      });
    }
    expect(spans[1]?.parentSpanId).toBe("4ed11df465275600");
  });
});

describe("decodeZipkinV1Thrift on what zipkin-js's own Thrift encoder writes", () => {
  function zipkinJsSpan(kind: string, shared: boolean): model.Span {
    const traceId = new TraceId({
      traceId: "463ac35c9f6413ad48485a3953bb6124",
      spanId: "a2fb4a1d1a96d312",
      parentId: new option.Some("0020000000000001"),
      shared,
    });
    const zipkinSpan = new model.Span(traceId);
    zipkinSpan.setName("get /users");
    zipkinSpan.setKind(kind);
    zipkinSpan.setTimestamp(1_700_000_000_000_000);
    zipkinSpan.setDuration(25_000);
    zipkinSpan.setShared(shared);
    zipkinSpan.setLocalEndpoint(
      new model.Endpoint({ serviceName: kind.toLowerCase(), ipv4: "10.1.2.3", port: 80 }),
    );
    zipkinSpan.setRemoteEndpoint(new model.Endpoint({ serviceName: "peer", ipv4: "192.168.0.9", port: 443 }));
    zipkinSpan.putTag("http.method", "GET");
    zipkinSpan.addAnnotation(1_700_000_000_001_000, "wire.send");
    return zipkinSpan;
  }

  it("round-trips a client and its shared server half through a list<Span>", () => {
    const body = wrapInThriftList([
      encodeZipkinJsSpan(zipkinJsSpan("CLIENT", false)),
      encodeZipkinJsSpan(zipkinJsSpan("SERVER", true)),
    ]);
    const [client, server] = decodeZipkinV1Thrift(body).spans;
    const common = {
      traceId: "463ac35c9f6413ad48485a3953bb6124",
      spanId: "a2fb4a1d1a96d312",
      parentSpanId: "0020000000000001",
      name: "get /users",
      startUs: 1_700_000_000_000_000,
      durationUs: 25_000,
      remoteServiceName: "peer",
      events: [{ timeUs: 1_700_000_000_001_000, name: "wire.send" }],
    };
    const addresses = {
      "http.method": "GET",
      [ENDPOINT_KEYS.localIpv4]: "10.1.2.3",
      [ENDPOINT_KEYS.localPort]: 80,
      [ENDPOINT_KEYS.remoteIpv4]: "192.168.0.9",
      [ENDPOINT_KEYS.remotePort]: 443,
    };
    expect(client).toMatchObject({ ...common, kind: "CLIENT", serviceName: "client", attributes: addresses });
    expect(client?.shared).toBeUndefined();
    expect(server).toMatchObject({
      ...common,
      kind: "SERVER",
      serviceName: "server",
      shared: true,
      attributes: addresses,
    });
  });
});

describe("decodeZipkinV1Thrift field by field", () => {
  const typed = (annotation_type: string, bytes: number[]) =>
    span({
      timestamp: 1,
      binary_annotations: [{ key: "k", annotation_type, value: Buffer.from(bytes).toString("base64"), host }],
    });
  it.each([
    ["I16", typed("I16", [0xff, 0xfe]), "-2"],
    ["I32", typed("I32", [0, 1, 0, 0]), "65536"],
    [
      "I64 past 2^53 as exact decimal",
      typed("I64", [0x7f, 255, 255, 255, 255, 255, 255, 255]),
      "9223372036854775807",
    ],
    ["DOUBLE", typed("DOUBLE", [0x40, 0x09, 0x21, 0xfb, 0x54, 0x44, 0x2d, 0x18]), "3.141592653589793"],
    ["BYTES as base64", typed("BYTES", [0, 255]), "AP8="],
    ["a BOOL that is no address", typed("BOOL", [1]), "true"],
    ["STRING as UTF-8", typed("STRING", [0xe4, 0xb8, 0xad]), "中"],
  ])("reads a typed %s value as a string tag", (_name, input, expected) => {
    const [decoded] = decodeZipkinV1Thrift(encodeZipkinV1Thrift([input])).spans;
    expect(decoded?.attributes.k).toBe(expected);
  });

  it("joins trace_id_high, reads a signed ipv4 and a port above 32767", () => {
    const [decoded] = decodeZipkinV1Thrift(
      encodeZipkinV1Thrift([
        span({
          trace_id_high: 1,
          annotations: [
            { timestamp: 5, value: "sr", host: { ipv4: -1062731519, port: -1, service_name: "api" } },
          ],
        }),
      ]),
    ).spans;
    expect(decoded).toMatchObject({
      traceId: "0000000000000001000000000000000a",
      kind: "SERVER",
      serviceName: "api",
      attributes: { [ENDPOINT_KEYS.localIpv4]: "192.168.1.1", [ENDPOINT_KEYS.localPort]: 65535 },
    });
  });
});

describe("decodeZipkinV1Thrift refuses", () => {
  const valid = encodeZipkinV1Thrift([span({ timestamp: 1 })]);
  it.each([
    ["an empty body", Buffer.alloc(0), "body: not a Thrift binary-protocol body (ends too early)"],
    [
      "a truncated body",
      valid.subarray(0, valid.length - 3),
      "body: not a Thrift binary-protocol body (ends too early)",
    ],
    [
      "bytes after the list",
      Buffer.concat([valid, Buffer.from([0])]),
      "body: 1 bytes left over after the Thrift structure",
    ],
    [
      "a list of something else",
      Buffer.from([8, 0, 0, 0, 1, 0, 0, 0, 7]),
      "body: expected a list of struct, got a list of i32",
    ],
    [
      "an all-zero span id",
      encodeZipkinV1Thrift([span({ id: 0 })]),
      'span[0].id: "0000000000000000" is all zeros; expected 1-16 hex digits',
    ],
    [
      "a negative timestamp",
      encodeZipkinV1Thrift([span({ timestamp: -1 })]),
      "span[0].timestamp: expected microseconds from 0 to 2^53, got -1",
    ],
    [
      "an I64 value shorter than 8 bytes",
      encodeZipkinV1Thrift([
        span({ binary_annotations: [{ key: "k", annotation_type: "I64", value: "AAE=" }] }),
      ]),
      "span[0].binary_annotations[0].value: expected 8 bytes for I64, got 2",
    ],
    [
      "an unknown annotation type",
      encodeZipkinV1Thrift([
        span({ binary_annotations: [{ key: "k", annotation_type: "LONG", value: "" }] }),
      ]),
      "span[0].binary_annotations[0].annotation_type: expected 0 (BOOL) to 6 (STRING), got -1",
    ],
  ])("%s", (_name, body, message) => {
    expect(() => decodeZipkinV1Thrift(body)).toThrow(
      expect.objectContaining({ name: "RequestError", status: 400, message }),
    );
  });
});
