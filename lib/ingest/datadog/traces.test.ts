import { encode } from "@msgpack/msgpack";
import { describe, expect, it } from "vitest";
import { isWellFormed } from "../../../test/decoder-properties";
import { RequestError } from "../../errors";
import type { Span } from "../../model/span";
import { normaliseSpans } from "../door/normalise";
import { type DatadogFormat, decodeDatadogTraces } from "./traces";

/** 2023-11-14T22:13:20.123456789Z: past 2^53 ns, so a double would lose its last digits. */
const START_NS = 1_700_000_000_123_456_789n;
const START_US = 1_700_000_000_123_457;

type DdSpan = Record<string, unknown>;

function ddSpan(fields: DdSpan = {}): DdSpan {
  return {
    trace_id: 0x0123456789abcdefn,
    span_id: 0xfedcba9876543210n,
    parent_id: 0n,
    name: "express.request",
    resource: "GET /cart/:id",
    service: "checkout",
    type: "web",
    start: START_NS,
    duration: 2_500_000n,
    error: 0,
    meta: {},
    metrics: {},
    ...fields,
  };
}

const msgpack = (value: unknown) => Buffer.from(encode(value, { useBigInt64: true }));

/** JSON as tracers write it: 64-bit integers as bare numbers, past what a double holds. */
const json = (value: unknown) =>
  Buffer.from(
    JSON.stringify(value, (_key, item) => (typeof item === "bigint" ? `bigint:${item}` : item)).replace(
      /"bigint:(-?\d+)"/g,
      "$1",
    ),
  );

/**
 * v0.5: strings, and the keys and string values of maps, as indexes into one table. The encoder
 * writes map keys as strings ("4"), tracers as integers: both decode to the same object.
 */
function v05(traces: DdSpan[][]): Buffer {
  const strings = [""];
  const index = (text: unknown) => {
    const found = strings.indexOf(text as string);
    return found >= 0 ? found : strings.push(text as string) - 1;
  };
  const indexed = (map: unknown, value: (item: unknown) => unknown) =>
    Object.fromEntries(Object.entries(map as object).map(([key, item]) => [index(key), value(item)]));
  const spans = traces.map((trace) =>
    trace.map((s) => [
      index(s.service),
      index(s.name),
      index(s.resource),
      s.trace_id,
      s.span_id,
      s.parent_id,
      s.start,
      s.duration,
      s.error,
      indexed(s.meta, index),
      indexed(s.metrics, (item) => item),
      index(s.type),
    ]),
  );
  return msgpack([strings, spans]);
}

const ENCODINGS: Record<DatadogFormat, (traces: DdSpan[][]) => Buffer> = {
  "v0.4-msgpack": msgpack,
  "v0.4-json": json,
  "v0.3-json": json,
  "v0.5-msgpack": v05,
};

const decode = (traces: DdSpan[][], format: DatadogFormat = "v0.4-msgpack") =>
  normaliseSpans(decodeDatadogTraces(ENCODINGS[format](traces), format).spans);
const only = (spans: Span[]): Span => {
  expect(spans).toHaveLength(1);
  return spans[0] as Span;
};

describe("decodeDatadogTraces in every format", () => {
  const traces = [
    [
      ddSpan({
        trace_id: 0xffffffffffffffffn,
        meta: { "_dd.p.tid": "6553F1A000000000", "http.method": "GET", env: "prod" },
        metrics: { _sampling_priority_v1: 1, "http.request.size": 512.5 },
      }),
      ddSpan({
        trace_id: 0xffffffffffffffffn,
        span_id: 0x10n,
        parent_id: 0xfedcba9876543210n,
        name: "pg.query",
        resource: "SELECT 1",
        service: "checkout-db",
        type: "sql",
        start: START_NS + 1_000_000n,
        duration: 1_000_000n,
        error: 1,
        meta: { "span.kind": "client", "error.message": "timeout", "db.type": "postgres" },
      }),
    ],
    [ddSpan({ trace_id: 7n, span_id: 8n, resource: "" })],
  ];

  it.each(Object.keys(ENCODINGS) as DatadogFormat[])("%s decodes the same spans", (format) => {
    const spans = decode(traces, format);
    expect(spans).toStrictEqual(decode(traces, "v0.4-msgpack"));
    expect(spans.filter((span) => !isWellFormed(span))).toStrictEqual([]);
    expect(
      spans.map(({ traceId, spanId, parentSpanId, name, startUs, durationUs }) => ({
        traceId,
        spanId,
        parentSpanId,
        name,
        startUs,
        durationUs,
      })),
    ).toStrictEqual([
      {
        traceId: "6553f1a000000000ffffffffffffffff",
        spanId: "fedcba9876543210",
        parentSpanId: undefined,
        name: "GET /cart/:id",
        startUs: START_US,
        durationUs: 2500,
      },
      {
        traceId: "6553f1a000000000ffffffffffffffff",
        spanId: "0000000000000010",
        parentSpanId: "fedcba9876543210",
        name: "SELECT 1",
        startUs: START_US + 1000,
        durationUs: 1000,
      },
      {
        traceId: "0000000000000007",
        spanId: "0000000000000008",
        parentSpanId: undefined,
        name: "express.request",
        startUs: START_US,
        durationUs: 2500,
      },
    ]);
  });

  it("reads a whole span into the canonical model", () => {
    const [root, query] = decode(traces);
    expect(root).toStrictEqual({
      traceId: "6553f1a000000000ffffffffffffffff",
      spanId: "fedcba9876543210",
      name: "GET /cart/:id",
      kind: "SERVER",
      serviceName: "checkout",
      startUs: START_US,
      durationUs: 2500,
      status: { code: "UNSET" },
      attributes: {
        "http.method": "GET",
        env: "prod",
        "dd.sampling_priority_v1": 1,
        "http.request.size": 512.5,
        "operation.name": "express.request",
        "span.type": "web",
      },
      resource: { "service.name": "checkout" },
      events: [],
      links: [],
    });
    expect(query).toMatchObject({
      kind: "CLIENT",
      serviceName: "checkout-db",
      status: { code: "ERROR", message: "timeout" },
      attributes: { "db.system": "postgres", "operation.name": "pg.query", "span.type": "sql" },
    });
    expect(query?.attributes["span.kind"]).toBeUndefined();
  });

  it("takes an empty body for a tracer's connectivity probe", () => {
    expect(decodeDatadogTraces(Buffer.alloc(0), "v0.4-msgpack")).toStrictEqual({ spans: [] });
  });
});

describe("decodeDatadogTraces field by field", () => {
  it.each([
    ["the span.kind tag", { "span.kind": "producer" }, "custom", "PRODUCER"],
    ["span.kind in capitals", { "span.kind": "CONSUMER" }, "web", "CONSUMER"],
    ["span.kind over type", { "span.kind": "internal" }, "web", "INTERNAL"],
    ["type web", {}, "web", "SERVER"],
    ["type http", {}, "http", "CLIENT"],
    ["type grpc", {}, "grpc", "CLIENT"],
    ["type sql", {}, "sql", "CLIENT"],
    ["type cache", {}, "cache", "CLIENT"],
    ["type redis", {}, "redis", "CLIENT"],
    ["an unknown type", {}, "worker", "INTERNAL"],
    ["no type", {}, "", "INTERNAL"],
    ["an unknown span.kind, by type", { "span.kind": "test_suite_end" }, "http", "CLIENT"],
    ["a span.kind named like an object's property", { "span.kind": "constructor" }, "web", "SERVER"],
  ])("kind from %s", (_case, meta, type, kind) => {
    expect(only(decode([[ddSpan({ meta, type })]])).kind).toBe(kind);
  });

  it("keeps a span.kind that is not a kind as a tag", () => {
    const span = only(decode([[ddSpan({ meta: { "span.kind": "test_suite_end" } })]]));
    expect(span.attributes["span.kind"]).toBe("test_suite_end");
  });

  it.each([
    ["error.message", 1, { "error.message": "boom", "error.msg": "old" }, { code: "ERROR", message: "boom" }],
    ["the older error.msg", 1, { "error.msg": "old" }, { code: "ERROR", message: "old" }],
    ["no message", 1, {}, { code: "ERROR" }],
    ["any non-zero error", 2, {}, { code: "ERROR" }],
    ["error 0, whatever the tags", 0, { "error.message": "ignored" }, { code: "UNSET" }],
  ])("status with %s", (_case, error, meta, status) => {
    expect(only(decode([[ddSpan({ error, meta, type: "" })]])).status).toStrictEqual(status);
  });

  it("moves the tracer's bookkeeping under dd. and keeps the application's tags as sent", () => {
    const meta = JSON.parse(
      '{"_dd.p.dm":"-0","_dd.base_service":"shop","__proto__":"odd","dd.custom":"mine"}',
    );
    const metrics = { _sampling_priority_v1: 2, _top_level: 1, "_dd.measured": 1, retries: 3 };
    const span = only(decode([[ddSpan({ meta, metrics })]], "v0.4-json"));
    expect(span.attributes).toStrictEqual({
      "dd.p.dm": "-0",
      "dd.base_service": "shop",
      ["__proto__"]: "odd",
      "dd.custom": "mine",
      "dd.sampling_priority_v1": 2,
      "dd.top_level": 1,
      "dd.measured": 1,
      retries: 3,
      "operation.name": "express.request",
      "span.type": "web",
    });
  });

  it("keeps a 64-bit metric past 2^53 exact, as a decimal string, and names NaN", () => {
    const span = only(decode([[ddSpan({ metrics: { bytes: 2n ** 60n + 1n, ratio: Number.NaN } })]]));
    expect(span.attributes.bytes).toBe("1152921504606846977");
    expect(span.attributes.ratio).toBe("NaN");
  });

  it.each([
    ["peer.service", { "peer.service": "payments", "out.host": "10.0.0.7" }, "payments"],
    ["out.host without peer.service", { "out.host": "db.internal" }, "db.internal"],
    ["neither", {}, undefined],
  ])("remote service from %s", (_case, meta, remote) => {
    expect(only(decode([[ddSpan({ meta })]])).remoteServiceName).toBe(remote);
  });

  it.each([
    ["db.type", { "db.type": "postgres" }, "sql", "postgres"],
    ["a datastore type", {}, "redis", "redis"],
    ["db.system as sent", { "db.system": "mysql", "db.type": "mariadb" }, "sql", "mysql"],
    ["nothing for a generic sql type", {}, "sql", undefined],
  ])("db.system from %s", (_case, meta, type, system) => {
    expect(only(decode([[ddSpan({ meta, type })]])).attributes["db.system"]).toBe(system);
  });

  it("rounds nanoseconds to microseconds at both ends, so children stay inside their parents", () => {
    const span = only(decode([[ddSpan({ start: 1_000_499n, duration: 1_001n })]]));
    expect([span.startUs, span.durationUs]).toStrictEqual([1000, 2]);
  });

  it("names an empty service unknown_service and falls back to the Datadog name", () => {
    const span = only(decode([[ddSpan({ service: "", resource: "" })]]));
    expect([span.serviceName, span.name]).toStrictEqual(["unknown_service", "express.request"]);
  });

  it("takes a negative id for its two's complement, as the agent does", () => {
    expect(only(decode([[ddSpan({ span_id: -1n })]])).spanId).toBe("ffffffffffffffff");
  });

  it("gives every span of a chunk the chunk's 128-bit trace id, and warns of a conflicting one", () => {
    const spans = decode([
      [
        ddSpan({ span_id: 1n, meta: { "_dd.p.tid": "00000000000000aa" } }),
        ddSpan({ span_id: 2n, parent_id: 1n }),
        ddSpan({ span_id: 3n, parent_id: 1n, meta: { "_dd.p.tid": "00000000000000bb" } }),
      ],
    ]);
    expect(spans.map((span) => span.traceId)).toStrictEqual(
      Array(3).fill("00000000000000aa0123456789abcdef"),
    );
    expect(spans[2]?.warnings).toStrictEqual([
      '_dd.p.tid "00000000000000bb" conflicts with the trace\'s; ignored',
    ]);
  });

  it("keeps the 64-bit trace id, with a warning, when _dd.p.tid is not hex", () => {
    const span = only(decode([[ddSpan({ meta: { "_dd.p.tid": "zz" } })]]));
    expect(span.traceId).toBe("0123456789abcdef");
    expect(span.warnings).toStrictEqual(['_dd.p.tid "zz" is not 16 hex digits; ignored']);
  });

  it("sets a negative duration to 0, with a warning", () => {
    const span = only(decode([[ddSpan({ duration: -5n })]]));
    expect(span.durationUs).toBe(0);
    expect(span.warnings).toStrictEqual(["negative duration -5 ns; set to 0"]);
  });

  it("drops a span's parent that is itself", () => {
    const span = only(decode([[ddSpan({ parent_id: 0xfedcba9876543210n })]]));
    expect(span.parentSpanId).toBeUndefined();
  });
});

describe("decodeDatadogTraces refusals", () => {
  const refused = (body: Buffer, format: DatadogFormat = "v0.4-msgpack") => {
    try {
      decodeDatadogTraces(body, format);
    } catch (error) {
      expect(error).toBeInstanceOf(RequestError);
      expect((error as RequestError).status).toBe(400);
      return (error as RequestError).message;
    }
    throw new Error("not refused");
  };
  const span = (fields: DdSpan) => msgpack([[ddSpan(), ddSpan(fields)]]);

  it.each([
    ["bytes that are not msgpack", Buffer.from([0xc1]), /^body is not valid msgpack/],
    ["msgpack with bytes after it", Buffer.from([0x90, 0x90]), /^body is not valid msgpack: Extra/],
    ["a map for the traces", msgpack({ traces: [] }), /^traces: expected an array of traces, got object/],
    ["a trace that is not an array", msgpack([{}]), /^traces\[0\]: expected an array of spans, got object/],
    [
      "a span that is not a map",
      msgpack([[ddSpan(), 3]]),
      /^traces\[0\]\[1\]: expected an object, got number/,
    ],
    [
      "a string id",
      span({ trace_id: "abc" }),
      /^traces\[0\]\[1\]\.trace_id: expected an unsigned 64-bit integer, got string/,
    ],
    [
      "a float id",
      span({ span_id: 1.5 }),
      /^traces\[0\]\[1\]\.span_id: expected an unsigned 64-bit integer, got 1\.5/,
    ],
    ["a span id 0", span({ span_id: 0n }), /^traces\[0\]\[1\]\.span_id: missing or 0/],
    ["no trace id", span({ trace_id: undefined }), /^traces\[0\]\[1\]\.trace_id: missing or 0/],
    ["a string start", span({ start: "now" }), /^traces\[0\]\[1\]\.start: expected an integer, got string/],
    [
      "a start before 1970",
      span({ start: -1n }),
      /^traces\[0\]\[1\]\.start: expected unix nanoseconds from 0, got -1/,
    ],
    [
      "a start past 2255",
      span({ start: 2n ** 63n - 1n }),
      /^traces\[0\]\[1\]\.start: 9223372036854775807 ns is past/,
    ],
    ["a string error", span({ error: "yes" }), /^traces\[0\]\[1\]\.error: expected 0 or 1, got "yes"/],
    ["meta as an array", span({ meta: [] }), /^traces\[0\]\[1\]\.meta: expected a map, got array/],
    [
      "a number in meta",
      span({ meta: { "http.status_code": 200 } }),
      /^traces\[0\]\[1\]\.meta\["http\.status_code"\]: expected a string, got number/,
    ],
    [
      "a string in metrics",
      span({ metrics: { size: "1" } }),
      /^traces\[0\]\[1\]\.metrics\["size"\]: expected a number, got string/,
    ],
  ])("refuses %s, naming where", (_case, body, message) => {
    expect(refused(body)).toMatch(message);
  });

  it.each([
    ["text that is not JSON", "[[{", /^body is not JSON/],
    [
      "an id past 64 bits",
      '[[{"trace_id":18446744073709551616,"span_id":1}]]',
      /trace_id: expected an unsigned 64-bit integer, got 18446744073709551616/,
    ],
    [
      "an id past 2^53 as a double",
      '[[{"trace_id":1.8e19,"span_id":1}]]',
      /trace_id: expected an unsigned 64-bit integer, got 18000000000000000000/,
    ],
  ])("refuses JSON with %s", (_case, text, message) => {
    expect(refused(Buffer.from(text), "v0.4-json")).toMatch(message);
  });

  it.each([
    ["a body that is not a pair", msgpack([[], [], []]), /^body: expected a \[strings, traces\] array/],
    ["a string table with a number", msgpack([["", 5], []]), /^strings\[1\]: expected a string, got number/],
    [
      "a span of 11 fields",
      msgpack([[""], [[[0, 0, 0, 1n, 1n, 0n, 1n, 1n, 0, {}, {}]]]]),
      /^traces\[0\]\[0\]: expected an array of 12 fields/,
    ],
    [
      "a string index past the table",
      msgpack([["", "a", "b"], [[[7, 1, 2, 1n, 1n, 0n, 1n, 1n, 0, {}, {}, 0]]]]),
      /^traces\[0\]\[0\]\.service: expected a string index below 3, got 7/,
    ],
    [
      "a string where an index goes",
      msgpack([[""], [[[0, "name", 0, 1n, 1n, 0n, 1n, 1n, 0, {}, {}, 0]]]]),
      /^traces\[0\]\[0\]\.name: expected a string index, got string/,
    ],
    [
      "a meta key index past the table",
      msgpack([[""], [[[0, 0, 0, 1n, 1n, 0n, 1n, 1n, 0, { 9: 0 }, {}, 0]]]]),
      /^traces\[0\]\[0\]\.meta key "9": expected a string index below 1, got 9/,
    ],
  ])("refuses v0.5 with %s", (_case, body, message) => {
    expect(refused(body, "v0.5-msgpack")).toMatch(message);
  });
});
