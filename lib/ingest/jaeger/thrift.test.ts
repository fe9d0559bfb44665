import thrift from "thrift";
import { describe, expect, it } from "vitest";
import { agentMessage, everyFieldBatch, transcode } from "../../../test/agent-datagrams";
import { isWellFormed } from "../../../test/decoder-properties";
import { readFixture, readFixtureBytes } from "../../../test/fixtures";
import { encodeJaegerBatch, recordStock, recordWithJaegerClient } from "../../../test/jaeger-encoders";
import { type IdResult, normaliseSpanId, normaliseTraceId } from "../../model/ids";
import { type Attributes, type Span, UNKNOWN_SERVICE } from "../../model/span";
import { normaliseSpans } from "../door/normalise";
import { decodeJaegerJson } from "./json";
import { decodeJaegerThrift } from "./thrift";

const decodeFixture = (path: string) => normaliseSpans(decodeJaegerThrift(readFixtureBytes(path)).spans);
const A155_PARTS = [1, 2, 3, 4].map((p) => `derived/jaeger-thrift-binary_a155f674f00b1dce_p${p}.thrift`);

/** A span of a hand-made Batch: i64s as hex, as thriftrw takes them. */
const thriftSpan = (fields: Record<string, unknown> = {}) => ({
  traceIdLow: "00000000000000a1",
  traceIdHigh: "0000000000000000",
  spanId: "00000000000000b1",
  parentSpanId: "0000000000000000",
  operationName: "op",
  flags: 1,
  startTime: 1_000,
  duration: 10,
  ...fields,
});
const batch = (spans: unknown[], process: unknown = { serviceName: "svc", tags: [] }) =>
  encodeJaegerBatch({ process, spans });
const only = (body: Buffer): Span => {
  const spans = normaliseSpans(decodeJaegerThrift(body).spans);
  expect(spans).toHaveLength(1);
  return spans[0] as Span;
};

describe("decodeJaegerThrift on every Jaeger Thrift fixture", () => {
  it.each([
    ["derived/jaeger-thrift-binary_batch_01.thrift", 1],
    ["derived/jaeger-thrift-binary_batch_02.thrift", 2],
    [A155_PARTS[0], 62],
    [A155_PARTS[1], 33],
    [A155_PARTS[2], 35],
    [A155_PARTS[3], 26],
  ])("%s decodes to %i well-formed spans, input untouched", { tags: ["corpus"] }, (path, count) => {
    const body = readFixtureBytes(path as string);
    const before = Buffer.from(body);
    const spans = decodeJaegerThrift(body).spans;
    expect(body.equals(before)).toBe(true);
    expect(spans).toHaveLength(count);
    expect(spans.filter((decoded) => !isWellFormed(decoded))).toStrictEqual([]);
  });
});

/** Jaeger's expected domain model for batch_01: base64 ids, RFC 3339 times, typed tags. */
interface DomainTag {
  key: string;
  vStr?: string;
  vInt64?: number;
  vBool?: boolean;
  vFloat64?: number;
}
interface DomainSpan {
  traceId: string;
  spanId: string;
  references: { spanId: string }[];
  startTime: string;
  duration: string;
  tags: DomainTag[];
  process: { serviceName: string; tags: DomainTag[] };
}
const hex = (result: IdResult) => (result.ok ? result.id : result.reason);
const hexOf = (base64: string) => Buffer.from(base64, "base64").toString("hex");
const microsOf = (rfc3339: string) =>
  Math.floor(Date.parse(rfc3339) / 1000) * 1_000_000 + Number(/\.(\d{6})/.exec(rfc3339)?.[1]);
const attributesOf = (tags: DomainTag[]): Attributes =>
  Object.fromEntries(
    tags.map((tag) => [tag.key, (tag.vStr ?? tag.vInt64 ?? tag.vBool ?? tag.vFloat64) as string]),
  );

describe("decodeJaegerThrift against Jaeger's own converter", () => {
  it("decodes batch_01 to the span of Jaeger's domain model domain_01.json", { tags: ["corpus"] }, () => {
    const { spans } = readFixture("jaeger/thrift-converter/domain_01.json") as { spans: DomainSpan[] };
    const expected = spans[0] as DomainSpan;
    const { "span.kind": _kind, ...attributes } = attributesOf(expected.tags);
    const startUs = microsOf(expected.startTime);
    const [decoded] = decodeFixture("derived/jaeger-thrift-binary_batch_01.thrift");
    expect(decoded).toStrictEqual({
      traceId: hex(normaliseTraceId(hexOf(expected.traceId))),
      spanId: hexOf(expected.spanId),
      parentSpanId: hexOf(expected.references[0]?.spanId as string),
      name: "get",
      kind: "SERVER",
      serviceName: "api",
      remoteServiceName: "rtapi",
      startUs,
      durationUs: Number.parseInt(expected.duration, 10) / 1000,
      status: { code: "UNSET" },
      attributes,
      resource: { ...attributesOf(expected.process.tags), "service.name": "api" },
      events: [
        { timeUs: startUs, name: "", attributes: { key1: "value1", key2: "value2" } },
        { timeUs: startUs, name: "nothing" },
      ],
      links: [],
    });
    expect(decoded).toMatchObject({
      traceId: "52969a8955571a3f",
      startUs: 1_485_467_191_639_875,
      attributes: { "peer.port": 53931, "peer.ipv4": 3224716605, someBool: true, someDouble: 129.8 },
    });
  });

  it("keeps batch_02's BINARY tag as base64 naming no service, and its FOLLOWS_FROM as a link", {
    tags: ["corpus"],
  }, () => {
    const [binary, follows] = decodeFixture("derived/jaeger-thrift-binary_batch_02.thrift");
    expect(binary?.attributes).toStrictEqual({ "peer.service": "AAAAAAAAMDk=" });
    expect(binary).not.toHaveProperty("remoteServiceName");
    expect(follows).toMatchObject({
      spanId: "0000000000647d99",
      parentSpanId: "000000000068c4e3",
      links: [{ traceId: "52969a8955571a3f", spanId: "000000000068c4e3", type: "FOLLOWS_FROM" }],
    });
  });

  it("decodes the four per-process batches of trace a155f674 to the spans of its Jaeger JSON", {
    tags: ["corpus"],
  }, () => {
    // Derived one Batch per processID, the parent as the first CHILD_OF reference with every
    // reference kept: the canonical spans must not depend on which of the two forms arrived.
    const bySpanId = (a: Span, b: Span) => a.spanId.localeCompare(b.spanId);
    const fromThrift = A155_PARTS.flatMap(decodeFixture).sort(bySpanId);
    const fromJson = normaliseSpans(
      decodeJaegerJson(readFixture("stalk/jaeger-trace-a155f674f00b1dce.json")).spans,
    ).sort(bySpanId);
    expect(fromThrift).toHaveLength(156);
    expect(fromThrift).toStrictEqual(fromJson);
    expect(new Set(fromThrift.map((decoded) => decoded.resource.name))).toStrictEqual(
      new Set([undefined, "Player 1", "Player 2", "Player 3"]),
    );
    expect(fromThrift.filter((decoded) => decoded.links.length > 0)).toHaveLength(48);
  });
});

describe("decodeJaegerThrift on what jaeger-client sends", () => {
  it("round-trips every field of a Batch built and encoded by jaeger-client", async () => {
    type Recorded = { context(): { toTraceId(): string; toSpanId(): string } };
    const recorded: Record<string, Recorded> = {};
    const [body, ...rest] = await recordWithJaegerClient(
      "inventory",
      { region: "eu-1", "build.number": 42 },
      (tracer) => Object.assign(recorded, recordStock(tracer)),
    );
    const idsOf = (name: string) => {
      const context = (recorded[name] as Recorded).context();
      return {
        traceId: hex(normaliseTraceId(context.toTraceId())),
        spanId: hex(normaliseSpanId(context.toSpanId())),
      };
    };
    const [root, lookup, refill] = [idsOf("root"), idsOf("lookup"), idsOf("refill")];
    expect(rest).toStrictEqual([]);
    const spans = normaliseSpans(decodeJaegerThrift(body as Buffer).spans);
    const byName = new Map(spans.map((span) => [span.name, span]));
    expect(root.traceId).toHaveLength(32);
    expect(byName.get("GET /stock")).toMatchObject({
      traceId: root.traceId,
      spanId: root.spanId,
      kind: "SERVER",
      serviceName: "inventory",
      startUs: 1_700_000_000_000_500,
      durationUs: 99_750,
      // jaeger-client sends JS numbers as DOUBLE; 503 on a SERVER span is an error.
      attributes: {
        "http.status_code": 503,
        "stock.ratio": 0.25,
        "sampler.type": "const",
        "sampler.param": true,
      },
      status: { code: "ERROR" },
      links: [],
    });
    expect(byName.get("GET /stock")?.resource).toMatchObject({
      "service.name": "inventory",
      region: "eu-1",
      "build.number": 42,
      "jaeger.version": expect.stringMatching(/^Node-/),
      hostname: expect.any(String),
      ip: expect.any(String),
      "client-uuid": expect.any(String),
    });
    expect(byName.get("GET /stock")).not.toHaveProperty("parentSpanId");
    expect(byName.get("cache lookup")).toMatchObject({
      spanId: lookup.spanId,
      parentSpanId: root.spanId,
      kind: "INTERNAL",
      remoteServiceName: "redis",
      startUs: 1_700_000_000_010_000,
      durationUs: 10_000,
      attributes: { "cache.hit": false, "peer.service": "redis" },
      events: [
        { timeUs: 1_700_000_000_011_250, name: "cache miss", attributes: { key: "sku-1" } },
        { timeUs: 1_700_000_000_012_000, name: "", attributes: { retries: 2 } },
      ],
      status: { code: "UNSET" },
    });
    // jaeger-client writes the context of a span's first reference, FOLLOWS_FROM too, as its parentSpanId.
    expect(byName.get("schedule refill")).toMatchObject({
      spanId: refill.spanId,
      parentSpanId: lookup.spanId,
      links: [{ traceId: root.traceId, spanId: lookup.spanId, type: "FOLLOWS_FROM" }],
    });
  });
});

describe("decodeJaegerThrift field by field", () => {
  it.each([
    [
      "a 128-bit trace id joins its halves; a zero high half is the 64-bit id",
      thriftSpan({ traceIdHigh: "00000000000000f1" }),
      { traceId: "00000000000000f100000000000000a1" },
    ],
    [
      "without parentSpanId the first CHILD_OF reference in the trace is the parent",
      thriftSpan({
        references: [
          {
            refType: "CHILD_OF",
            traceIdLow: "00000000000000ff",
            traceIdHigh: "0000000000000000",
            spanId: "00000000000000c1",
          },
          {
            refType: "FOLLOWS_FROM",
            traceIdLow: "00000000000000a1",
            traceIdHigh: "0000000000000000",
            spanId: "00000000000000c2",
          },
          {
            refType: "CHILD_OF",
            traceIdLow: "00000000000000a1",
            traceIdHigh: "0000000000000000",
            spanId: "00000000000000c3",
          },
        ],
      }),
      {
        parentSpanId: "00000000000000c3",
        links: [
          { traceId: "00000000000000ff", spanId: "00000000000000c1", type: "CHILD_OF" },
          { traceId: "00000000000000a1", spanId: "00000000000000c2", type: "FOLLOWS_FROM" },
        ],
      },
    ],
    [
      "typed tags: a LONG past 2^53 is a decimal string, a non-finite DOUBLE its name",
      thriftSpan({
        tags: [
          { key: "big", vType: "LONG", vLong: "7fffffffffffffff" },
          { key: "negative", vType: "LONG", vLong: "fffffffffffffffe" },
          { key: "nan", vType: "DOUBLE", vDouble: Number.NaN },
          { key: "empty", vType: "STRING" },
        ],
      }),
      { attributes: { big: "9223372036854775807", negative: -2, nan: "NaN", empty: "" } },
    ],
    [
      "the OTel scope tags become the scope, the current keys winning over the old ones",
      thriftSpan({
        tags: [
          { key: "otel.library.name", vType: "STRING", vStr: "old" },
          { key: "otel.scope.name", vType: "STRING", vStr: "io.opentelemetry.grpc" },
          { key: "otel.library.version", vType: "STRING", vStr: "1.2" },
          { key: "otel.status_code", vType: "STRING", vStr: "ERROR" },
        ],
      }),
      {
        scope: { name: "io.opentelemetry.grpc", version: "1.2" },
        attributes: { "otel.status_code": "ERROR" },
        status: { code: "ERROR" },
      },
    ],
    [
      "an unknown span.kind stays a tag and the kind INTERNAL",
      thriftSpan({ tags: [{ key: "span.kind", vType: "STRING", vStr: "rpc" }] }),
      { kind: "INTERNAL", attributes: { "span.kind": "rpc" } },
    ],
    ["the debug flag (2) marks a force-sampled span", thriftSpan({ flags: 3 }), { debug: true }],
    [
      "a reference to span 0 is dropped with a warning",
      thriftSpan({
        references: [
          {
            refType: "CHILD_OF",
            traceIdLow: "00000000000000a1",
            traceIdHigh: "0000000000000000",
            spanId: "0000000000000000",
          },
        ],
      }),
      { links: [], warnings: ["references[0] points to an all-zero id; dropped"] },
    ],
    [
      "a span that is its own parent loses the parent",
      thriftSpan({ parentSpanId: "00000000000000b1" }),
      { warnings: ["span was its own parent; parent removed"] },
    ],
  ])("%s", (_name, span, expected) => {
    expect(only(batch([span]))).toMatchObject(expected);
  });

  it("sets an empty service name to unknown_service with a warning", () => {
    expect(only(batch([thriftSpan()], { serviceName: "" }))).toMatchObject({
      serviceName: UNKNOWN_SERVICE,
      resource: { "service.name": UNKNOWN_SERVICE },
      warnings: [`process.serviceName missing; set to ${UNKNOWN_SERVICE}`],
    });
  });
});

describe("decodeJaegerThrift refuses", () => {
  const valid = everyFieldBatch();
  it.each([
    [
      "an Agent's UDP emitBatch (compact protocol), naming what to send instead",
      transcode(agentMessage("emitBatch", thrift.Thrift.Type.STRUCT, valid), "binary", "compact"),
      "batch: this is a Jaeger agent emitBatch message in the Thrift compact protocol (what tracers send over UDP to an agent, port 6831), not a Batch; POST /api/traces takes a bare jaeger.Batch struct in the Thrift binary protocol, as jaeger-client's HTTP sender (collectorEndpoint) sends it",
    ],
    [
      "a binary-protocol RPC message",
      Buffer.concat([Buffer.from([0x80, 0x01, 0x00, 0x01]), valid]),
      expect.stringMatching(
        /^batch: this is a Thrift binary-protocol message \(an RPC call\), not a bare Batch; POST/,
      ),
    ],
    [
      "a truncated body",
      valid.subarray(0, valid.length - 9),
      "batch: not a Thrift binary-protocol body (ends too early)",
    ],
    [
      "bytes after the Batch",
      Buffer.concat([valid, Buffer.from([0])]),
      "batch: 1 bytes left over after the Thrift structure",
    ],
    [
      "a JSON body",
      Buffer.from('{"data":[]}'),
      expect.stringMatching(/^batch: not a Thrift binary-protocol body \(/),
    ],
    ["an empty body", Buffer.alloc(0), "batch: not a Thrift binary-protocol body (ends too early)"],
    [
      "a Batch without spans",
      // Batch { 1: Process { 1: "s" } }: thriftrw will not write a Batch that lacks a required field.
      Buffer.from([0x0c, 0, 1, 0x0b, 0, 1, 0, 0, 0, 1, 0x73, 0, 0]),
      "spans: missing; expected a list of Span structs",
    ],
    [
      "an all-zero span id",
      batch([thriftSpan(), thriftSpan({ spanId: "0000000000000000" })]),
      "span[1].spanId: is all zeros; expected a non-zero id",
    ],
    [
      "a negative start time",
      batch([thriftSpan({ startTime: -5 })]),
      "span[0].startTime: expected microseconds from 0 to 2^53, got -5",
    ],
    [
      "a duration past 2^53",
      batch([thriftSpan({ duration: "0020000000000001" })]),
      'span[0].duration: expected microseconds from 0 to 2^53, got "9007199254740993"',
    ],
    [
      "a log time past 2^53",
      batch([thriftSpan({ logs: [{ timestamp: "7fffffffffffffff", fields: [] }] })]),
      'span[0].logs[0].timestamp: expected microseconds from 0 to 2^53, got "9223372036854775807"',
    ],
  ])("%s", (_name, body, message) => {
    expect(() => decodeJaegerThrift(body)).toThrow(
      expect.objectContaining({ name: "RequestError", status: 400, message }),
    );
  });
});
