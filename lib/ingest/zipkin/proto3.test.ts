import { describe, expect, it } from "vitest";
import { readFixture } from "../../../test/fixtures";
import { encodeZipkinProto3 } from "../../../test/zipkin-encoders";
import { ENDPOINT_KEYS } from "../../model/span";
import { decodeZipkinProto3 } from "./proto3";

const { localIpv4, localIpv6, localPort, remoteIpv4, remoteIpv6 } = ENDPOINT_KEYS;
const decodeFixture = (path: string) =>
  decodeZipkinProto3(encodeZipkinProto3(readFixture(path) as object)).spans;
const id8 = (last: number) => Buffer.from([0, 0, 0, 0, 0, 0, 0, last]);
const span = (fields: object) => ({ trace_id: id8(1), id: id8(2), timestamp: 1, ...fields });
const decode = (...spans: object[]) => decodeZipkinProto3(encodeZipkinProto3({ spans })).spans;

describe("decodeZipkinProto3 on jaeger's proto3 testdata, encoded to real bytes", () => {
  it("decodes every field of zipkin_proto_01: byte ids, kind number, ipv4 bytes, tags", {
    tags: ["corpus"],
  }, () => {
    const spans = decodeFixture("jaeger/collector-zipkin/zipkin_proto_01.json");
    expect(spans).toStrictEqual([
      {
        traceId: "428568baaa09467e428e688aaa09467f",
        spanId: "0000000000000002",
        parentSpanId: "0000000000000001",
        name: "foo",
        kind: "CLIENT",
        serviceName: "foo",
        remoteServiceName: "bar",
        startUs: 1,
        durationUs: 10,
        status: { code: "UNSET" },
        attributes: { foo: "bar", [localIpv4]: "10.43.17.42", [remoteIpv4]: "10.43.17.43" },
        resource: { "service.name": "foo" },
        events: [{ timeUs: 1, name: "foo" }],
        links: [],
        debug: true,
        shared: true,
      },
    ]);
  });

  it("reads the minimal span of zipkin_proto_02 as INTERNAL with its port", { tags: ["corpus"] }, () => {
    const [decoded] = decodeFixture("jaeger/collector-zipkin/zipkin_proto_02.json");
    expect(decoded).toMatchObject({
      kind: "INTERNAL",
      serviceName: "bar",
      attributes: { [localIpv4]: "10.43.17.42", [localPort]: 8080 },
    });
    expect(decoded).not.toHaveProperty("parentSpanId");
  });
});

describe("decodeZipkinProto3 field by field", () => {
  const ipv6 = Buffer.from("20010db8000000000000000000000001", "hex");
  const mapped = Buffer.from("00000000000000000000ffff0a000005", "hex");

  it.each([
    ["an empty body is an empty list", [], []],
    [
      "IPv6 bytes become RFC 5952 text",
      [span({ local_endpoint: { ipv6 } })],
      [{ [localIpv6]: "2001:db8::1" }],
    ],
    [
      "an IPv4-mapped IPv6 address is read as the IPv4 it carries",
      [span({ remote_endpoint: { ipv6: mapped } })],
      [{ [remoteIpv4]: "10.0.0.5" }],
    ],
    [
      "both addresses of an endpoint are kept",
      [span({ remote_endpoint: { ipv4: Buffer.from([1, 2, 3, 4]), ipv6 } })],
      [{ [remoteIpv4]: "1.2.3.4", [remoteIpv6]: "2001:db8::1" }],
    ],
  ])("%s", (_name, spans, attributes) => {
    expect(decode(...spans).map((decoded) => decoded.attributes)).toStrictEqual(attributes);
  });

  it("reads a fixed64 timestamp past 32 bits exactly, and a 16-byte trace id", () => {
    const traceId = Buffer.from("0af7651916cd43dd8448eb211c80319c", "hex");
    const [decoded] = decode(span({ trace_id: traceId, timestamp: "1767225600123457", duration: 7 }));
    expect(decoded).toMatchObject({
      traceId: "0af7651916cd43dd8448eb211c80319c",
      startUs: 1_767_225_600_123_457,
      durationUs: 7,
    });
  });

  it("times a span without timestamp from its earliest annotation, as the JSON decoder does", () => {
    const [decoded] = decode(
      span({
        timestamp: 0,
        annotations: [{ timestamp: 9, value: "ws" }],
        local_endpoint: { service_name: "web" },
      }),
    );
    expect(decoded).toMatchObject({
      startUs: 9,
      warnings: ["timestamp missing; set to the earliest annotation (9)"],
    });
  });
});

describe("decodeZipkinProto3 refuses", () => {
  it.each([
    ["garbage bytes", Buffer.from([0x0a, 0xff]), /^body: not a protobuf zipkin.proto3.ListOfSpans \(/],
    ["a truncated span", encodeZipkinProto3({ spans: [span({})] }).subarray(0, 10), /^body: not a protobuf/],
    [
      "a span id of 3 bytes",
      encodeZipkinProto3({ spans: [span({ id: Buffer.from([1, 2, 3]) })] }),
      "span[0].id: expected 8 bytes, got 3",
    ],
    [
      "a missing trace id",
      encodeZipkinProto3({ spans: [span({ trace_id: Buffer.alloc(0) })] }),
      "span[0].traceId: missing; expected 8 or 16 bytes",
    ],
    [
      "an all-zero span id",
      encodeZipkinProto3({ spans: [span({ id: Buffer.alloc(8) })] }),
      'span[0].id: "0000000000000000" is all zeros; expected 1-16 hex digits',
    ],
    [
      "an unknown kind",
      encodeZipkinProto3({ spans: [span({ kind: 7 })] }),
      "span[0].kind: expected 0 to 4, got 7",
    ],
    [
      "a timestamp past 2^53",
      encodeZipkinProto3({ spans: [span({}), span({ timestamp: "18446744073709551615" })] }),
      "span[1].timestamp: expected microseconds from 0 to 2^53, got 18446744073709551615",
    ],
    [
      "an annotation time past 2^53",
      encodeZipkinProto3({ spans: [span({ annotations: [{ timestamp: "9007199254740992", value: "a" }] })] }),
      "span[0].annotations[0].timestamp: expected microseconds from 0 to 2^53, got 9007199254740992",
    ],
    [
      "an ipv4 of 3 bytes",
      encodeZipkinProto3({ spans: [span({ local_endpoint: { ipv4: Buffer.from([1, 2, 3]) } })] }),
      "span[0].localEndpoint.ipv4: expected 4 bytes, got 3",
    ],
    [
      "a negative port",
      encodeZipkinProto3({ spans: [span({ remote_endpoint: { port: -1 } })] }),
      "span[0].remoteEndpoint.port: expected an integer from 0 to 65535, got -1",
    ],
  ])("%s", (_name, body, message) => {
    expect(() => decodeZipkinProto3(body)).toThrow(
      expect.objectContaining({
        name: "RequestError",
        status: 400,
        message: typeof message === "string" ? message : expect.stringMatching(message),
      }),
    );
  });
});
