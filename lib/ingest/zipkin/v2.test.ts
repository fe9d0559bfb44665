import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { isWellFormed } from "../../../test/decoder-properties";
import { readZipkinV2Fixture, ZIPKIN_V2_FIXTURES } from "../../../test/fixtures";
import { ENDPOINT_KEYS, type Span, UNKNOWN_SERVICE } from "../../model/span";
import { normaliseSpans } from "../door/normalise";
import { decodeZipkinV2 } from "./v2";

const RECEIVED_MS = 1_700_000_000_000;
beforeEach(() => {
  vi.spyOn(Date, "now").mockReturnValue(RECEIVED_MS);
});
afterEach(() => {
  vi.restoreAllMocks();
});

const decodeFixture = (path: string) => normaliseSpans(decodeZipkinV2(readZipkinV2Fixture(path)).spans);
const only = (spans: Span[]): Span => {
  expect(spans).toHaveLength(1);
  return spans[0] as Span;
};
const span = (fields: Record<string, unknown>) => ({ traceId: "a", id: "b", ...fields });

describe("decodeZipkinV2 on every Zipkin v2 fixture", () => {
  it.each(ZIPKIN_V2_FIXTURES)(
    "%s decodes to %i well-formed spans, input untouched",
    { tags: ["corpus"] },
    (path, count) => {
      const input = readZipkinV2Fixture(path);
      const before = structuredClone(input);
      const spans = decodeZipkinV2(input).spans;
      expect(input).toStrictEqual(before);
      expect(spans).toHaveLength(count);
      expect(spans.filter((decoded) => !isWellFormed(decoded))).toStrictEqual([]);
    },
  );
});

describe("decodeZipkinV2 field by field", () => {
  it("pads the one-digit ids of a minimal span and lifts its local address", { tags: ["corpus"] }, () => {
    expect(only(decodeFixture("jaeger/collector-zipkin/zipkin_v2_02.json"))).toStrictEqual({
      traceId: "0000000000000002",
      spanId: "0000000000000002",
      name: "foo",
      kind: "INTERNAL",
      serviceName: "bar",
      startUs: 1,
      durationUs: 10,
      status: { code: "UNSET" },
      attributes: { [ENDPOINT_KEYS.localIpv4]: "10.43.17.42", [ENDPOINT_KEYS.localPort]: 8080 },
      resource: { "service.name": "bar" },
      events: [],
      links: [],
    });
  });

  it("keeps debug, shared, the remote service, annotations and tags", { tags: ["corpus"] }, () => {
    const decoded = only(decodeFixture("jaeger/collector-zipkin/zipkin_v2_01.json"));
    expect(decoded).toMatchObject({
      traceId: "bd7a974555f6b982bd71977555f6b981",
      spanId: "0000000000000002",
      parentSpanId: "0000000000000001",
      kind: "CLIENT",
      remoteServiceName: "bar",
      debug: true,
      shared: true,
      events: [{ timeUs: 1, name: "foo" }],
      attributes: {
        foo: "bar",
        [ENDPOINT_KEYS.localIpv4]: "10.43.17.42",
        [ENDPOINT_KEYS.remoteIpv4]: "10.43.17.43",
      },
    });
  });

  it("pads a 15-digit parent id", { tags: ["corpus"] }, () => {
    const [decoded] = decodeFixture("jaeger/collector-zipkin/zipkin_v2_03.json");
    expect(decoded?.parentSpanId).toBe("0c26551047c72d19");
  });

  it("lifts both endpoints' addresses into the network attributes, the port as a number", {
    tags: ["corpus"],
  }, () => {
    const decoded = only(decodeFixture("zipkin/benchmarks/zipkin2-client.json"));
    expect(decoded.attributes).toStrictEqual({
      "http.path": "/api",
      "clnt/finagle.version": "6.45.0",
      [ENDPOINT_KEYS.localIpv6]: "2001:db8::c001",
      [ENDPOINT_KEYS.remoteIpv4]: "192.168.99.101",
      [ENDPOINT_KEYS.remotePort]: 9000,
    });
    expect([decoded.serviceName, decoded.remoteServiceName]).toEqual(["frontend", "backend"]);
  });

  it.each([
    ["skew.json", 1],
    ["ascend.json", 2],
    ["yelp.json", 3],
    ["smartthings-oauth-authorization.json", 41],
    ["smartthings-mobile-web-install.json", 290],
  ])("keeps both halves of every shared span id in %s (%i ids)", { tags: ["corpus"] }, (file, sharedIds) => {
    const halves = new Map<string, Set<boolean>>();
    for (const { spanId, shared } of decodeFixture(`zipkin/lens-testdata/${file}`)) {
      halves.set(spanId, (halves.get(spanId) ?? new Set()).add(shared === true));
    }
    expect([...halves.values()].filter((kinds) => kinds.size === 2)).toHaveLength(sharedIds);
  });

  it.each([
    [
      "otel-collector-contrib/zipkinreceiver-sample4.json",
      [{ code: "ERROR", message: "Non-basic error message" }],
    ],
    ["zipkin/benchmarks/zipkin2-chinese.json", [{ code: "ERROR", message: "此用户没有操作权限" }]],
    // error="true" and error="" carry no message.
    ["stalk/zipkin-search-output.json", [{ code: "ERROR" }]],
    [
      "zipkin/lens-testdata/messaging-kafka.json",
      [{ code: "ERROR", message: "some error" }, { code: "ERROR", message: "some error" }, { code: "ERROR" }],
    ],
  ])("turns the error tags of %s into ERROR statuses", { tags: ["corpus"] }, (path, statuses) => {
    const errors = decodeFixture(path).filter((decoded) => decoded.status.code !== "UNSET");
    expect(errors.map((decoded) => decoded.status)).toStrictEqual(statuses);
  });

  it("reads the float timestamps of /api/v2/traces output as exact microseconds", {
    tags: ["corpus"],
  }, () => {
    const [first] = decodeFixture("stalk/zipkin-search-output.json");
    expect(first?.startUs).toBe(1_559_594_222_395_000);
  });

  it("keeps Chinese names and services intact", { tags: ["corpus"] }, () => {
    expect(only(decodeFixture("zipkin/benchmarks/zipkin2-chinese.json"))).toMatchObject({
      name: "个人信息查询",
      serviceName: "订单维护服务",
      remoteServiceName: "个人信息服务",
    });
  });

  it("sets a missing local service to unknown_service with a warning", { tags: ["corpus"] }, () => {
    expect(only(decodeFixture("otel-collector/zipkinreceiver-sample2.json"))).toMatchObject({
      serviceName: UNKNOWN_SERVICE,
      resource: { "service.name": UNKNOWN_SERVICE },
      warnings: ["localEndpoint.serviceName missing; set to unknown_service"],
    });
  });

  it("merges fragments without a timestamp into the timed span of their service and id", {
    tags: ["corpus"],
  }, () => {
    const spans = decodeFixture("zipkin/lens-testdata/smartthings-mobile-web-install.json");
    const merged = spans.filter((decoded) => decoded.warnings !== undefined);
    expect(merged).toHaveLength(84);
    for (const decoded of merged) {
      expect(decoded.warnings).toStrictEqual([
        "merged with a fragment of the same span that had no timestamp",
      ]);
    }
    expect(spans.find((decoded) => decoded.spanId === "a0dc23f22c4fee3f" && decoded.shared)).toMatchObject({
      serviceName: "platformapi",
      startUs: 1543549825673008,
      warnings: ["merged with a fragment of the same span that had no timestamp"],
    });
  });

  it("places a fragment from another service at the start of the span with its id", () => {
    const body = [
      span({ timestamp: 500, localEndpoint: { serviceName: "client" } }),
      span({ timestamp: 600, localEndpoint: { serviceName: "client" }, id: "b2" }),
      span({ localEndpoint: { serviceName: "server" } }),
    ];
    const fragment = decodeZipkinV2(body).spans.find((decoded) => decoded.serviceName === "server");
    expect(fragment).toMatchObject({
      startUs: 500,
      warnings: ["timestamp missing; set to the span with the same id (500)"],
    });
  });

  it.each([
    [
      "the start of its trace",
      [span({ id: "b", timestamp: 500 }), span({ id: "c", timestamp: undefined })],
      500,
    ],
    ["the receive time", [span({ id: "c", timestamp: undefined })], RECEIVED_MS * 1000],
  ])("places a fragment with no timestamp at %s when nothing better is known", (source, body, expected) => {
    const fragment = decodeZipkinV2(body).spans.find((decoded) => decoded.spanId === "000000000000000c");
    expect(fragment?.startUs).toBe(expected);
    expect(fragment?.warnings).toContain(`timestamp missing; set to ${source} (${expected})`);
  });

  it("reads missing durations as 0", { tags: ["corpus"] }, () => {
    const spans = decodeFixture("zipkin/lens-testdata/malformed.json");
    expect(spans.map((decoded) => decoded.durationUs)).toStrictEqual([0, 0, 0, 16000, 35000, 35000, 0]);
  });

  it.each([
    ["a missing kind is INTERNAL", span({}), { kind: "INTERNAL", name: "" }],
    ["floats are rounded", span({ timestamp: 10.5, duration: 2.4 }), { startUs: 11, durationUs: 2 }],
    ["an all-zero parent is a root", span({ parentId: "0000000000000000" }), {}, ["parentSpanId"]],
    ["upper-case ids are lowered", span({ traceId: "ABC", id: "DEF" }), { traceId: "0000000000000abc" }],
    ["nulls read as absent", span({ parentId: null, kind: null, tags: null }), { kind: "INTERNAL" }],
    [
      "a missing timestamp is the earliest annotation's",
      span({
        annotations: [
          { timestamp: 30, value: "b" },
          { timestamp: 20.2, value: "a" },
        ],
        localEndpoint: { serviceName: "s" },
      }),
      { startUs: 20, warnings: ["timestamp missing; set to the earliest annotation (20)"] },
    ],
    [
      "numeric and boolean tags become strings",
      span({ timestamp: 1, tags: { retries: 3, cached: false }, localEndpoint: { serviceName: "s" } }),
      { attributes: { retries: "3", cached: "false" } },
    ],
    [
      "a self-parent is dropped with a warning",
      span({ id: "b", parentId: "B", timestamp: 1, localEndpoint: { serviceName: "s" } }),
      { warnings: ["span was its own parent; parent removed"] },
      ["parentSpanId"],
    ],
    [
      "port 0 and empty names mean unknown",
      span({
        timestamp: 1,
        localEndpoint: { serviceName: "s", port: 0 },
        remoteEndpoint: { serviceName: "" },
      }),
      { attributes: {} },
      ["remoteServiceName"],
    ],
  ])("%s", (_name, input, expected, absent: string[] = []) => {
    const decoded = only(normaliseSpans(decodeZipkinV2([input]).spans));
    expect(decoded).toMatchObject(expected);
    for (const key of absent) expect(decoded).not.toHaveProperty(key);
  });
});

describe("decodeZipkinV2 refuses", () => {
  const valid = span({ timestamp: 1 });
  it.each([
    ["a body that is not an array", { spans: [] }, "expected a JSON array of Zipkin v2 spans, got object"],
    ["an element that is not an object", [valid, "span"], "span[1]: expected an object, got string"],
    [
      "a trace id that is not hex",
      [valid, valid, span({ traceId: "xyz" })],
      'span[2].traceId: "xyz" is not hex; expected 1-32 hex digits',
    ],
    ["a missing span id", [valid, { traceId: "a" }], "span[1].id: missing; expected a string"],
    [
      "a 33-digit trace id",
      [span({ traceId: "1".repeat(33) })],
      `span[0].traceId: "${"1".repeat(33)}" has more than 32 hex digits; expected 1-32 hex digits`,
    ],
    [
      "an all-zero span id",
      [span({ id: "0000" })],
      'span[0].id: "0000" is all zeros; expected 1-16 hex digits',
    ],
    ["a string duration", [span({ duration: "10" })], "span[0].duration: expected a number, got string"],
    [
      "a negative timestamp",
      [span({ timestamp: -1 })],
      "span[0].timestamp: expected microseconds from 0 to 2^53, got -1",
    ],
    [
      "a timestamp too large to be exact",
      [span({ timestamp: 1.7976931348623155e308 })],
      "span[0].timestamp: expected microseconds from 0 to 2^53, got 1.7976931348623155e+308",
    ],
    [
      "an annotation time too large to be exact",
      [span({ timestamp: 1, annotations: [{ timestamp: 2 ** 60, value: "cs" }] })],
      "span[0].annotations[0].timestamp: expected microseconds from 0 to 2^53, got 1152921504606847000",
    ],
    ["tags written as an array", [span({ tags: ["a"] })], "span[0].tags: expected an object, got array"],
    [
      "a tag whose value is an object",
      [valid, span({ tags: { "http.path": { p: 1 } } })],
      "span[1].tags.http.path: expected a string, got object",
    ],
    [
      "an unknown kind",
      [valid, span({ kind: "client" })],
      'span[1].kind: expected CLIENT, SERVER, PRODUCER or CONSUMER, got "client"',
    ],
    [
      "an annotation without a value",
      [span({ annotations: [{ timestamp: 1, value: "a" }, { timestamp: 2 }] })],
      "span[0].annotations[1].value: missing; expected a string",
    ],
    [
      "a port out of range",
      [span({ remoteEndpoint: { port: 70000 } })],
      "span[0].remoteEndpoint.port: expected an integer from 0 to 65535, got 70000",
    ],
  ])("%s", (_name, body, message) => {
    expect(() => decodeZipkinV2(body)).toThrow(
      expect.objectContaining({ name: "RequestError", status: 400, message }),
    );
  });
});
