import { beforeAll, describe, expect, it } from "vitest";
import { readFixture } from "../../../test/fixtures";
import { readTestData } from "../../../test/test-data";
import { ENDPOINT_KEYS, type Span, UNKNOWN_SERVICE } from "../../model/span";
import { decodeZipkinV1Json } from "./v1";

const { localIpv4, localIpv6, localPort, remoteIpv4, remoteIpv6, remotePort } = ENDPOINT_KEYS;

/**
 * A v1 fixture as the flat array `POST /api/v1/spans` takes: `benchmarks-v1/` files hold one span
 * object, `zipkin_v1_multiple_batches.json` an array of batches.
 */
function readV1Fixture(path: string): unknown[] {
  const json = readFixture(path);
  if (!Array.isArray(json)) return [json];
  return json.some(Array.isArray) ? json.flat() : json;
}
const decodeFixture = (path: string) => decodeZipkinV1Json(readV1Fixture(path)).spans;
const find = (spans: Span[], spanId: string, shared = false) =>
  spans.find((span) => span.spanId === spanId && (span.shared === true) === shared);

describe("decodeZipkinV1Json on every Zipkin v1 JSON fixture", () => {
  it.each([
    ["otel-collector/zipkin_v1_single_batch.json", 5],
    ["otel-collector/zipkin_v1_multiple_batches.json", 5],
    ["otel-collector/zipkin_v1_local_component.json", 2],
    ["otel-collector/zipkin_v2_notimestamp.json", 1],
    ["zipkin/benchmarks-v1/span-client.json", 1],
    ["zipkin/benchmarks-v1/span-local.json", 1],
    // One v1 span holding a client's and a server's annotations is two spans.
    ["zipkin/benchmarks-v1/span-rpc.json", 2],
    ["zipkin/benchmarks-v1/span-rpc-ipv6.json", 2],
  ])("%s decodes to %i spans, input untouched", { tags: ["corpus"] }, (path, count) => {
    const input = readV1Fixture(path);
    const before = structuredClone(input);
    const spans = decodeZipkinV1Json(input).spans;
    expect(input).toStrictEqual(before);
    expect(spans).toHaveLength(count);
    for (const span of spans) expect(span.resource["service.name"]).toBe(span.serviceName);
  });

  it("decodes the batches of zipkin_v1_multiple_batches as the single batch they split", {
    tags: ["corpus"],
  }, () => {
    expect(decodeFixture("otel-collector/zipkin_v1_multiple_batches.json")).toStrictEqual(
      decodeFixture("otel-collector/zipkin_v1_single_batch.json"),
    );
  });
});

describe("decodeZipkinV1Json on test/data's spans", () => {
  const spans = decodeZipkinV1Json(readTestData("zipkin-v1-checkout.json")).spans;
  const CHARGE = "6b8a9c0d1e2f3a4b";

  it("splits a client+server span into its halves, the server half timed from sr and ss and shared", () => {
    expect(find(spans, CHARGE)).toMatchObject({
      kind: "CLIENT",
      serviceName: "frontend",
      durationUs: 120_000,
    });
    expect(find(spans, CHARGE, true)).toMatchObject({
      kind: "SERVER",
      serviceName: "payment",
      startUs: 1709294400006000,
      durationUs: 117_000,
      events: [{ timeUs: 1709294400010000, name: "charging card" }],
      shared: true,
    });
  });

  it("puts binary annotations on the half of the host that logged them, typed ones as text", () => {
    expect(find(spans, CHARGE)?.attributes).toMatchObject({ retries: "2" });
    expect(find(spans, CHARGE, true)?.attributes).toMatchObject({ "http.status_code": "200" });
  });

  it("takes ca and sa as remote endpoints, and times a client span from cs and cr", () => {
    expect(find(spans, "5af7183fb1d4cf5f")).toMatchObject({
      remoteServiceName: "browser",
      attributes: { "net.peer.ip": "203.0.113.9", "net.peer.port": 51234 },
    });
    expect(find(spans, "7c9b0d1e2f3a4b5c")).toMatchObject({
      remoteServiceName: "postgres",
      startUs: 1709294400020000,
      durationUs: 85_000,
      attributes: { error: "deadlock detected", "net.peer.ipv6": "2001:db8::5" },
    });
  });

  it("keeps lc as a tag of an INTERNAL span, its host the local endpoint", () => {
    expect(find(spans, "8dac1e2f3a4b5c6d")).toMatchObject({
      kind: "INTERNAL",
      serviceName: "frontend",
      attributes: { lc: "templates" },
    });
  });
});

describe("decodeZipkinV1Json field by field", { tags: ["corpus"] }, () => {
  let batch: Span[];
  beforeAll(() => {
    batch = decodeFixture("otel-collector/zipkin_v1_single_batch.json");
  });

  it("times a server half with no timestamp from sr and ss, marks it shared, keeps other annotations", () => {
    expect(find(batch, "0ed2e63cbe71f5a8", true)).toStrictEqual({
      traceId: "0ed2e63cbe71f5a8",
      spanId: "0ed2e63cbe71f5a8",
      name: "checkAvailability",
      kind: "SERVER",
      serviceName: "service1",
      startUs: 1544805927448081,
      durationUs: 1544805927460102 - 1544805927448081,
      status: { code: "UNSET" },
      attributes: { [localIpv4]: "172.31.0.4" },
      resource: { "service.name": "service1" },
      events: [{ timeUs: 1544805927450000, name: "custom time event" }],
      links: [],
      shared: true,
    });
  });

  it("keeps the client half's own timestamp and duration, and its service", () => {
    expect(find(batch, "0ed2e63cbe71f5a8")).toMatchObject({
      kind: "CLIENT",
      serviceName: "front-proxy",
      startUs: 1544805927446743,
      durationUs: 12956,
      events: [],
    });
  });

  it("turns binary annotations into string tags on the half of the host that logged them", () => {
    expect(find(batch, "f9ebb6e64880612a", true)).toMatchObject({
      serviceName: "service2",
      parentSpanId: "0ed2e63cbe71f5a8",
      startUs: 1544805927454487,
      durationUs: 2833,
      attributes: {
        "http.url": "http://localhost:9000/trace/2",
        "http.status_code": "200",
        success: "true",
        processed: "1.5",
        [localIpv4]: "172.31.0.7",
      },
    });
  });

  it("sets a span with no endpoint anywhere to unknown_service with a warning", () => {
    expect(find(batch, "fe351a053fbcac1f")).toMatchObject({
      serviceName: UNKNOWN_SERVICE,
      kind: "INTERNAL",
      startUs: 1544805927453923,
      warnings: ["localEndpoint.serviceName missing; set to unknown_service"],
    });
  });

  it("times a v1 span without timestamp or duration from its sr and ss (zipkin_v2_notimestamp)", {
    tags: ["corpus"],
  }, () => {
    const [span] = decodeFixture("otel-collector/zipkin_v2_notimestamp.json");
    expect(span).toMatchObject({
      kind: "SERVER",
      shared: true,
      serviceName: "baz",
      startUs: 1615821510040000,
      durationUs: 1000,
      attributes: { "http.method": "GET", [localIpv4]: "10.254.85.134", [localPort]: 8080 },
    });
    expect(span?.warnings).toBeUndefined();
  });

  it("keeps lc as a tag of an INTERNAL span, its host the local endpoint", { tags: ["corpus"] }, () => {
    const [anonymous, local] = decodeFixture("otel-collector/zipkin_v1_local_component.json");
    expect(anonymous).toMatchObject({
      kind: "INTERNAL",
      serviceName: UNKNOWN_SERVICE,
      attributes: { lc: "myLocalComponent" },
    });
    expect(local).toMatchObject({
      kind: "INTERNAL",
      serviceName: "myServiceName",
      attributes: { lc: "myLocalComponent", [localIpv4]: "172.31.0.7" },
    });
  });

  it("splits a client+server span: ws/wr stay events, sa and ca become the remote endpoints", {
    tags: ["corpus"],
  }, () => {
    const spans = decodeFixture("zipkin/benchmarks-v1/span-rpc.json");
    expect(find(spans, "d673d7abe80d2f3f")).toMatchObject({
      kind: "CLIENT",
      serviceName: "zipkin-web",
      startUs: 1461750491274000,
      durationUs: 51000,
      events: [
        { timeUs: 1461750491274000, name: "ws" },
        { timeUs: 1461750491325000, name: "wr" },
      ],
      attributes: { "http.uri": "/api/v1/traces", [remoteIpv4]: "172.18.0.4", [remotePort]: 9411 },
    });
    expect(find(spans, "d673d7abe80d2f3f", true)).toMatchObject({
      kind: "SERVER",
      serviceName: "zipkin-query",
      remoteServiceName: "zipkin-web",
      startUs: 1461750491298000,
      durationUs: 4000,
      events: [],
      attributes: { "http.path": "/api/v1/traces", [remoteIpv4]: "172.18.0.3", [remotePort]: 42291 },
    });
  });

  it("keeps IPv6 endpoints under the IPv6 keys", { tags: ["corpus"] }, () => {
    const client = find(decodeFixture("zipkin/benchmarks-v1/span-rpc-ipv6.json"), "d673d7abe80d2f3f");
    expect(client?.attributes).toMatchObject({
      [localIpv6]: "2001:db8::c001",
      [remoteIpv6]: "2001:db8::c002",
    });
  });

  it("keeps a 128-bit trace id and the non-core annotations of a client span", { tags: ["corpus"] }, () => {
    const [span] = decodeFixture("zipkin/benchmarks-v1/span-client.json");
    expect(span).toMatchObject({
      traceId: "4d1e00c0db9010db86154a4ba6e91385",
      kind: "CLIENT",
      remoteServiceName: "backend",
      events: [
        { timeUs: 1472470996238000, name: "foo" },
        { timeUs: 1472470996403000, name: "bar" },
      ],
    });
  });
});

describe("decodeZipkinV1Json refuses", () => {
  const valid = { traceId: "a", id: "b", timestamp: 1 };
  const withBinary = (binaryAnnotation: object) => [
    valid,
    { ...valid, binaryAnnotations: [{ key: "lc", value: "x" }, binaryAnnotation] },
  ];
  it.each([
    [
      "a non-hex parent id",
      [valid, { ...valid, parentId: "BADID" }],
      'span[1].parentId: "BADID" is not hex; expected 1-16 hex digits',
    ],
    ["a body that is not an array", { spans: [] }, "expected a JSON array of Zipkin v1 spans, got object"],
    ["a span that is not an object", [valid, 7], "span[1]: expected an object, got number"],
    ["a missing trace id", [{ id: "b" }], "span[0].traceId: missing; expected a string"],
    ["a numeric span id", [{ traceId: "a", id: 11 }], "span[0].id: expected a string, got number"],
    [
      "a negative timestamp",
      [{ ...valid, timestamp: -5 }],
      "span[0].timestamp: expected microseconds from 0 to 2^53, got -5",
    ],
    [
      "an annotation without a timestamp",
      [{ ...valid, annotations: [{ value: "cs" }] }],
      "span[0].annotations[0].timestamp: missing; expected a number",
    ],
    [
      "a port out of range, by its v1 path",
      withBinary({ key: "sa", value: true, endpoint: { port: 70000 } }),
      "span[1].binaryAnnotations[1].endpoint.port: expected an integer from 0 to 65535, got 70000",
    ],
    [
      "a binary annotation whose value is an object",
      withBinary({ key: "k", value: { a: 1 } }),
      "span[1].binaryAnnotations[1].value: expected a string, number or boolean, got object",
    ],
    [
      "a binary annotation without a value",
      withBinary({ key: "k" }),
      "span[1].binaryAnnotations[1].value: missing; expected a string, number or boolean",
    ],
    [
      "an unknown binary annotation type",
      withBinary({ key: "k", value: 1, type: "INT" }),
      'span[1].binaryAnnotations[1].type: expected BOOL, BYTES, I16, I32, I64, DOUBLE or STRING, got "INT"',
    ],
    [
      "an endpoint that is not an object",
      [{ ...valid, annotations: [{ timestamp: 1, value: "sr", endpoint: "web" }] }],
      "span[0].annotations[0].endpoint: expected an object, got string",
    ],
  ])("%s", (_name, body, message) => {
    expect(() => decodeZipkinV1Json(body)).toThrow(
      expect.objectContaining({ name: "RequestError", status: 400, message }),
    );
  });

  it("the non-hex parent id of zipkin_v1_error_batch", { tags: ["corpus"] }, () => {
    expect(() => decodeZipkinV1Json(readV1Fixture("otel-collector/zipkin_v1_error_batch.json"))).toThrow(
      'span[1].parentId: "BADID" is not hex; expected 1-16 hex digits',
    );
  });
});
