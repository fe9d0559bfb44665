import { beforeAll, describe, expect, it } from "vitest";
import { isWellFormed } from "../../../test/decoder-properties";
import { JAEGER_JSON_FIXTURES, readFixture } from "../../../test/fixtures";
import { readTestData } from "../../../test/test-data";
import { type Span, UNKNOWN_SERVICE } from "../../model/span";
import { normaliseSpans } from "../door/normalise";
import { decodeJaegerJson } from "./json";

const decodeFixture = (path: string) => normaliseSpans(decodeJaegerJson(readFixture(path)).spans);
const span = (fields: Record<string, unknown> = {}) => ({
  traceID: "a1",
  spanID: "b1",
  operationName: "op",
  startTime: 1_000,
  duration: 10,
  processID: "p1",
  ...fields,
});
const trace = (spans: unknown[]) => ({
  traceID: "a1",
  spans,
  processes: { p1: { serviceName: "svc", tags: [] } },
});
const only = (body: unknown): Span => {
  const spans = normaliseSpans(decodeJaegerJson(body).spans);
  expect(spans).toHaveLength(1);
  return spans[0] as Span;
};

describe("decodeJaegerJson on every Jaeger JSON fixture", () => {
  it("covers the 405 spans SOURCES.md counts", () => {
    expect(JAEGER_JSON_FIXTURES.reduce((sum, [, count]) => sum + count, 0)).toBe(405);
  });

  it.each(JAEGER_JSON_FIXTURES)(
    "%s decodes to %i well-formed spans, input untouched",
    { tags: ["corpus"] },
    (path, count) => {
      const input = readFixture(path);
      const before = structuredClone(input);
      const spans = decodeJaegerJson(input).spans;
      expect(input).toStrictEqual(before);
      expect(spans).toHaveLength(count);
      expect(spans.filter((decoded) => !isWellFormed(decoded))).toStrictEqual([]);
    },
  );
});

describe("decodeJaegerJson on test/data's trace", () => {
  const [root, charge, receipt] = normaliseSpans(
    decodeJaegerJson(readTestData("jaeger-checkout.json")).spans,
  );

  it("types every tag type, binary as base64, and takes the service and resource from the process", () => {
    expect(charge).toMatchObject({
      kind: "CLIENT",
      serviceName: "frontend",
      remoteServiceName: "payment",
      attributes: { amount: 129.8, "card.token": "AAAwOQ==", error: true },
      resource: { hostname: "frontend-7f9c", "service.name": "frontend" },
      warnings: ["clock skew adjustment disabled"],
    });
    expect(root?.attributes).toStrictEqual({ "http.status_code": 200, "sampler.param": true });
  });

  it("names an event by its event field and keeps other fields as attributes", () => {
    expect(charge?.events).toStrictEqual([
      { timeUs: 1709294400010000, name: "retry", attributes: { attempt: 2 } },
    ]);
  });

  it("takes CHILD_OF as the parent, and hangs a span that only follows another under it with the link", () => {
    expect(charge?.parentSpanId).toBe(root?.spanId);
    expect(receipt).toMatchObject({
      serviceName: "mailer",
      kind: "PRODUCER",
      parentSpanId: charge?.spanId,
      links: [{ traceId: root?.traceId, spanId: charge?.spanId, type: "FOLLOWS_FROM" }],
    });
  });
});

describe("decodeJaegerJson against Jaeger's own JSON converter output (ui_01.json)", {
  tags: ["corpus"],
}, () => {
  let spans: Span[];
  beforeAll(() => {
    spans = decodeFixture("jaeger/uimodel/ui_01.json");
  });

  it("keeps both spans of a duplicated span id", () => {
    expect(
      spans.filter((decoded) => decoded.spanId === "0000000000000002").map((decoded) => decoded.name),
    ).toStrictEqual(["test-general-conversion", "some-operation"]);
  });

  it("names an event by its event field and keeps other fields as attributes", () => {
    expect(spans[0]?.events).toStrictEqual([
      { timeUs: 1485467191639875, name: "some-event" },
      { timeUs: 1485467191639875, name: "", attributes: { x: "y" } },
    ]);
  });

  it("types every tag type, the int64 past 2^53 kept as its decimal string", () => {
    expect(spans[1]).toMatchObject({
      serviceName: "service-x",
      remoteServiceName: "service-y",
      status: { code: "ERROR" },
      attributes: {
        "peer.service": "service-y",
        "peer.ipv4": 23456,
        error: true,
        temperature: 72.5,
        javascript_limit: "9223372036854775222",
        blob: "AAAwOQ==",
      },
    });
  });

  it("takes the first CHILD_OF in the trace as parent and keeps the other references as links", () => {
    expect(spans[3]).toMatchObject({
      parentSpanId: "0000000000000002",
      serviceName: "service-y",
      links: [
        { traceId: "00000000000000ff", spanId: "00000000000000ff", type: "CHILD_OF" },
        { traceId: "0000000000000001", spanId: "0000000000000002", type: "FOLLOWS_FROM" },
      ],
      warnings: ["some span warning"],
    });
    expect(spans[4]?.parentSpanId).toBe("0000000000000004");
  });
});

describe("decodeJaegerJson field by field", () => {
  it("hangs a span that only follows another under it, as Jaeger does, keeping the FOLLOWS_FROM link", {
    tags: ["corpus"],
  }, () => {
    const { spans } = decodeJaegerJson(readFixture("stalk/jaeger-trace-a155f674f00b1dce.json"));
    const ids = new Set(spans.map((span) => span.spanId));
    const roots = spans.filter((span) => span.parentSpanId === undefined || !ids.has(span.parentSpanId));
    expect(roots).toHaveLength(1);
    const follower = spans.find((span) => span.links.some((link) => link.type === "FOLLOWS_FROM"));
    expect(follower?.parentSpanId).toBe(follower?.links.find((link) => link.type === "FOLLOWS_FROM")?.spanId);
  });

  it("replaces the non-hex ids of a hand-made trace by hashes that still join", { tags: ["corpus"] }, () => {
    const spans = decodeFixture("jaeger-ui/criticalpath-testTrace.json");
    const [first, second] = spans as [Span, Span];
    expect(new Set(spans.map((decoded) => decoded.traceId)).size).toBe(1);
    expect(first.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(second.parentSpanId).toBe(first.spanId);
    expect(first.warnings).toStrictEqual([
      `traceID "trace-123" is not a hex id; replaced by ${first.traceId}`,
      `spanID "span-1" is not a hex id; replaced by ${first.spanId}`,
    ]);
    expect(second.warnings).toContain(
      `references[0].spanID "span-1" is not a hex id; replaced by ${first.spanId}`,
    );
  });

  it("reads the OTel scope and kind that the OTel-to-Jaeger conversion wrote into tags", {
    tags: ["corpus"],
  }, () => {
    const [first] = decodeFixture("jaeger-ui/otlp2jaeger-out.json");
    expect(first).toMatchObject({
      traceId: "83a9efd15c1c98a977e0711cc93ee28b",
      parentSpanId: "909541b92cf05311",
      kind: "SERVER",
      scope: { name: "telemetrygen" },
      remoteServiceName: "telemetrygen-client",
      attributes: { "net.peer.ip": "1.2.3.4", "peer.service": "telemetrygen-client" },
    });
    expect(first?.attributes).not.toHaveProperty("span.kind");
    expect(first?.attributes).not.toHaveProperty("otel.library.name");
  });

  it("keeps the warnings jaeger-query added and the process tags of a HotROD capture", {
    tags: ["corpus"],
  }, () => {
    const spans = decodeFixture("stalk/jaeger-hotrod.json");
    expect(new Set(spans.map((decoded) => decoded.serviceName)).size).toBe(6);
    expect(spans.filter((decoded) => decoded.status.code === "ERROR")).toHaveLength(3);
    expect(spans[0]?.resource).toStrictEqual({
      "client-uuid": "4eba80e2b6e67bb3",
      hostname: "7ab05da2eb08",
      ip: "172.17.0.3",
      "jaeger.version": "Go-2.15.1dev",
      "service.name": "route",
    });
    expect(spans.some((decoded) => decoded.warnings?.[0]?.startsWith("Invalid span reference removed"))).toBe(
      true,
    );
  });

  it("reads a bare list of spans with the process inline (anonymizer output), bool tags as strings", {
    tags: ["corpus"],
  }, () => {
    const [server, client] = decodeFixture("jaeger/anonymizer/trace_success.json");
    expect(server).toMatchObject({
      kind: "SERVER",
      serviceName: "16af988c443cff37",
      parentSpanId: "492770a15935810f",
    });
    expect(client).toMatchObject({ kind: "CLIENT", attributes: { error: true }, status: { code: "ERROR" } });
  });

  it.each([
    ["the query envelope", { data: [trace([span()])], total: 0, limit: 0, offset: 0, errors: null }],
    ["one trace", trace([span()])],
    ["Jaeger UI's store wrapper", { data: trace([span()]), id: "a1", state: "FETCH_DONE" }],
    [
      "a bare list of spans with inline processes",
      [span({ process: { serviceName: "svc" }, processID: undefined })],
    ],
    ["a list of traces", [trace([span()])]],
  ])("accepts %s", (_name, body) => {
    expect(only(body)).toMatchObject({
      traceId: "00000000000000a1",
      spanId: "00000000000000b1",
      serviceName: "svc",
    });
  });

  it.each([
    [
      "a bare list's processID resolves against nothing",
      [span()],
      'processID "p1" not found in a bare list of spans',
    ],
    ["an unknown processID", trace([span({ processID: "p9" })]), 'processID "p9" not found in processes'],
    ["no process at all", trace([span({ processID: undefined })]), "process and processID missing"],
  ])("sets the service to unknown_service with a warning when %s", (_name, body, reason) => {
    expect(only(body)).toMatchObject({
      serviceName: UNKNOWN_SERVICE,
      resource: { "service.name": UNKNOWN_SERVICE },
      warnings: [`${reason}; service set to ${UNKNOWN_SERVICE}`],
    });
  });

  it.each([
    [
      "loose tag values: an unsafe int64 number, a string bool, no type",
      {
        tags: [
          { key: "n", type: "int64", value: 2 ** 60 },
          { key: "b", type: "bool", value: "false" },
          { key: "u", value: 3 },
        ],
      },
      { attributes: { n: "1152921504606846976", b: false, u: 3 } },
    ],
    [
      "a fractional start time is rounded, a missing duration is 0",
      { startTime: 10.6, duration: undefined },
      { startUs: 11, durationUs: 0 },
    ],
    ["the debug flag", { flags: 3 }, { debug: true }],
    ["null warnings and references", { warnings: null, references: null }, { links: [] }],
  ])("%s", (_name, fields, expected) => {
    expect(only(trace([span(fields)]))).toMatchObject(expected);
  });
});

describe("decodeJaegerJson refuses", () => {
  it.each([
    ["a string", "trace", "body: expected an object, got string"],
    [
      "an object that is no Jaeger shape",
      { resourceSpans: [] },
      "expected Jaeger JSON: {data: [traces]}, a trace {traceID, spans, processes} or an array of spans; got an object with neither data nor spans",
    ],
    ["a trace that is not an object", { data: [trace([]), 3] }, "data[1]: expected an object, got number"],
    [
      "a missing spanID",
      trace([span(), span({ spanID: undefined })]),
      "spans[1].spanID: missing; expected a string",
    ],
    [
      "an all-zero trace id",
      { data: [trace([span({ traceID: "0000" })])] },
      'data[0].spans[0].traceID: "0000" is all zeros; expected 1-32 hex digits',
    ],
    [
      "an empty span id",
      trace([span({ spanID: "" })]),
      'spans[0].spanID: "" is empty; expected 1-16 hex digits',
    ],
    [
      "a negative start time",
      trace([span({ startTime: -1 })]),
      "spans[0].startTime: expected microseconds from 0 to 2^53, got -1",
    ],
    ["a missing start time", [span({ startTime: null })], "span[0].startTime: missing; expected a number"],
    [
      "an unknown reference type",
      trace([span({ references: [{ refType: "PARENT", traceID: "a1", spanID: "c1" }] })]),
      'spans[0].references[0].refType: expected CHILD_OF or FOLLOWS_FROM, got "PARENT"',
    ],
    [
      "an unknown tag type",
      trace([span({ tags: [{ key: "k", type: "int32", value: 1 }] })]),
      'spans[0].tags[0].type: expected string, bool, int64, float64 or binary, got "int32"',
    ],
    [
      "an int64 that is not an integer",
      trace([span({ tags: [{ key: "k", type: "int64", value: "12abc" }] })]),
      'spans[0].tags[0].value: expected a 64-bit integer, got "12abc"',
    ],
    [
      "an object tag value",
      trace([span({ logs: [{ timestamp: 1, fields: [{ key: "k", value: { a: 1 } }] }] })]),
      "spans[0].logs[0].fields[0].value: expected a string, number or boolean, got object",
    ],
    [
      "a process that is not an object",
      { ...trace([span()]), processes: { p1: [] } },
      "processes.p1: expected an object, got array",
    ],
  ])("%s", (_name, body, message) => {
    expect(() => decodeJaegerJson(body)).toThrow(
      expect.objectContaining({ name: "RequestError", status: 400, message }),
    );
  });
});
