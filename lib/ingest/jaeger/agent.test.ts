import { createRequire } from "node:module";
import fc from "fast-check";
import type { Tracer } from "opentracing";
import thrift from "thrift";
import { beforeAll, describe, expect, it } from "vitest";
import { model, TraceId } from "zipkin";
import { agentMessage, everyFieldBatch, transcode, writeThrift } from "../../../test/agent-datagrams";
import { expectDecodesOrRefuses, mutatedBodies } from "../../../test/decoder-properties";
import { readFixtureBytes } from "../../../test/fixtures";
import { jaegerClient, recordStock } from "../../../test/jaeger-encoders";
import { encodeZipkinV1Thrift, readThriftJsonFixture, wrapInThriftList } from "../../../test/zipkin-encoders";
import { RequestError } from "../../errors";
import type { ThriftEncoding } from "../shared/thrift";
import { decodeZipkinV1Thrift } from "../zipkin/v1";
import { decodeAgentDatagram } from "./agent";
import { decodeJaegerThrift } from "./thrift";

const require = createRequire(import.meta.url);
const { Type, MessageType } = thrift.Thrift;

// jaeger-client and zipkin-js internals ship no type declarations; these are the parts used here.
type SendCallback = (error: Error | null, sent: number) => void;
interface DatagramClient {
  send(buffer: Buffer, offset: number, length: number, port: number, host: string, done: SendCallback): void;
  close(): void;
}
const UDPSender = require("jaeger-client/dist/src/reporters/udp_sender.js").default as new (options: {
  host?: string;
  port?: number;
}) => { _client: DatagramClient };
const { encode: encodeZipkinJsSpan } = require("zipkin-encoder-thrift") as {
  encode: (span: model.Span) => Buffer;
};

/**
 * The datagrams jaeger-client-node's own UDPSender (its default transport, binary protocol, port
 * 6832) builds for what `record` does with a real tracer, taken from its socket's `send`.
 */
async function recordDatagrams(record: (tracer: Tracer) => void): Promise<Buffer[]> {
  const sender = new UDPSender({});
  sender._client.close();
  const datagrams: Buffer[] = [];
  sender._client = {
    send: (buffer, offset, length, _port, _host, done) => {
      datagrams.push(Buffer.from(buffer.subarray(offset, offset + length)));
      done(null, length);
    },
    close: () => {},
  };
  const tracer = new jaegerClient.Tracer(
    "inventory",
    new jaegerClient.RemoteReporter(sender),
    new jaegerClient.ConstSampler(true),
    { tags: { region: "eu-1", "build.number": 42 }, traceId128bit: true },
  );
  record(tracer);
  await new Promise<void>((resolve) => tracer.close(resolve));
  return datagrams;
}

const COMPACT_FIXTURE = "otel-dotnet/jaeger-agent-emitBatch-compact.bin";
const ZIPKIN_FIXTURE = "otel-collector/zipkin_v1_thrift_single_batch.json";
/** A server span as zipkin-js records it, in zipkin-encoder-thrift's Thrift. */
function zipkinJsSpan(): Buffer {
  const span = new model.Span(new TraceId({ traceId: "a1b2c3d4e5f60718", spanId: "0000000000000b1b" }));
  span.setName("get /cart");
  span.setKind("SERVER");
  span.setLocalEndpoint(new model.Endpoint({ serviceName: "cart", ipv4: "10.0.0.7", port: 8080 }));
  span.setTimestamp(1_700_000_000_000_000);
  span.setDuration(1500);
  span.putTag("http.path", "/cart");
  return encodeZipkinJsSpan(span);
}
// The Batch inside jaeger-client's emitBatch message: after the 21-byte header and the 3-byte header
// of argument 1, up to the arguments' STOP. Its HTTPSender encodes the same Batch with the same codec.
const batchOf = (datagram: Buffer) => datagram.subarray(24, -1);

let clientDatagrams: Buffer[] = [];
beforeAll(async () => {
  clientDatagrams = await recordDatagrams(recordStock);
});

describe("decodeAgentDatagram on jaeger-client's own datagrams", () => {
  it("decodes its UDPSender's binary emitBatch as the HTTP path decodes the Batch inside", () => {
    expect(clientDatagrams).toHaveLength(1);
    const datagram = clientDatagrams[0] as Buffer;
    expect(datagram.subarray(0, 21)).toStrictEqual(
      Buffer.from([0x80, 1, 0, MessageType.ONEWAY, 0, 0, 0, 9, ...Buffer.from("emitBatch"), 0, 0, 0, 0]),
    );
    const before = Buffer.from(datagram);
    const { spans } = decodeAgentDatagram(datagram);
    expect(datagram).toStrictEqual(before);
    expect(spans).toStrictEqual(decodeJaegerThrift(batchOf(datagram)).spans);
    expect(spans.map(({ name, serviceName }) => `${serviceName} ${name}`)).toStrictEqual([
      "inventory cache lookup",
      "inventory schedule refill",
      "inventory GET /stock",
    ]);
    const [lookup, refill, root] = spans;
    expect(lookup).toMatchObject({
      parentSpanId: root?.spanId,
      remoteServiceName: "redis",
      attributes: { "cache.hit": false },
      events: [
        { timeUs: 1_700_000_000_011_250, name: "cache miss", attributes: { key: "sku-1" } },
        { timeUs: 1_700_000_000_012_000, name: "", attributes: { retries: 2 } },
      ],
    });
    expect(refill?.links).toStrictEqual([
      { traceId: root?.traceId, spanId: lookup?.spanId, type: "FOLLOWS_FROM" },
    ]);
    expect(root).toMatchObject({ kind: "SERVER", startUs: 1_700_000_000_000_500, durationUs: 99_750 });
    expect(root?.resource).toMatchObject({ region: "eu-1", "build.number": 42 });
  });

  it("decodes the same message in the compact protocol (port 6831) to the same spans", () => {
    const datagram = clientDatagrams[0] as Buffer;
    const compact = transcode(datagram, "binary", "compact");
    expect(compact.subarray(0, 2)).toStrictEqual(Buffer.from([0x82, 0x81]));
    expect(compact.length).toBeLessThan(datagram.length);
    expect(decodeAgentDatagram(compact)).toStrictEqual(decodeAgentDatagram(datagram));
  });
});

describe("decodeAgentDatagram on the real compact datagram of OTel .NET's Jaeger exporter", {
  tags: ["corpus"],
}, () => {
  it("decodes its one span with every tag type, two logs and a link", () => {
    const datagram = readFixtureBytes(COMPACT_FIXTURE);
    const { spans } = decodeAgentDatagram(datagram);
    // The exporter (an early OpenTelemetry .NET) wrote each 8-byte id half byte-reversed: its test's
    // trace id e8ea7e9ac72de94e91fabc613f9686b2 is on the wire as below, and so are the span ids.
    expect(spans).toStrictEqual([
      {
        traceId: "4ee92dc79a7eeae8b286963f61bcfa91",
        spanId: "40a39e4247db696a",
        parentSpanId: "594e43382d22170c",
        name: "Name",
        kind: "INTERNAL",
        serviceName: "test process",
        startUs: 1_546_300_800_000_000,
        durationUs: 60_000_000,
        status: { code: "UNSET" },
        attributes: {
          stringKey: "value",
          longKey: 1,
          longKey2: 1,
          doubleKey: 1,
          doubleKey2: 1,
          boolKey: true,
        },
        resource: { test_process_tag: "test_value", "service.name": "test process" },
        events: ["Event1", "Event2"].map((description) => ({
          timeUs: 1_546_300_800_000_000,
          name: "",
          attributes: { key: "value", description },
        })),
        links: [
          { traceId: "4ee92dc79a7eeae8b286963f61bcfa91", spanId: "419c6b28b6158988", type: "CHILD_OF" },
        ],
      },
    ]);
    const binary = transcode(datagram, "compact", "binary");
    expect(decodeAgentDatagram(binary).spans).toStrictEqual(spans);
    expect(decodeJaegerThrift(batchOf(binary)).spans).toStrictEqual(spans);
  });
});

/** Decodes as its HTTP endpoint decodes the same argument, in both protocols. */
function expectAsOverHttp(
  method: "emitBatch" | "emitZipkinBatch",
  type: thrift.Thrift.Type,
  argument: Buffer,
) {
  const http = method === "emitBatch" ? decodeJaegerThrift(argument) : decodeZipkinV1Thrift(argument);
  expect(http.spans.length).toBeGreaterThan(0);
  const binary = agentMessage(method, type, argument);
  expect(decodeAgentDatagram(binary)).toStrictEqual(http);
  expect(decodeAgentDatagram(transcode(binary, "binary", "compact"))).toStrictEqual(http);
}

describe("decodeAgentDatagram on the HTTP formats' fixtures as Agent messages, in both protocols", {
  tags: ["corpus"],
}, () => {
  const jaegerBatch = (name: string) => () => readFixtureBytes(`derived/jaeger-thrift-binary_${name}.thrift`);
  const zipkinList = () => encodeZipkinV1Thrift(readThriftJsonFixture(ZIPKIN_FIXTURE));
  it.each([
    ["emitBatch of batch_01 (every tag type, logs)", "emitBatch", Type.STRUCT, jaegerBatch("batch_01")],
    ["emitBatch of batch_02 (BINARY tag, FOLLOWS_FROM)", "emitBatch", Type.STRUCT, jaegerBatch("batch_02")],
    [
      "emitBatch of trace a155f674, part 1 (62 spans)",
      "emitBatch",
      Type.STRUCT,
      jaegerBatch("a155f674f00b1dce_p1"),
    ],
    ["emitZipkinBatch of zipkin_v1_thrift_single_batch", "emitZipkinBatch", Type.LIST, zipkinList],
  ] as const)("%s decodes as its HTTP endpoint decodes the same spans", (_, method, type, argument) => {
    expectAsOverHttp(method, type, argument());
  });
});

describe("decodeAgentDatagram on what other encoders wrote, as Agent messages, in both protocols", () => {
  it.each([
    [
      "emitBatch of a Batch made here (every tag type, logs, FOLLOWS_FROM)",
      "emitBatch",
      Type.STRUCT,
      everyFieldBatch,
    ],
    [
      "emitZipkinBatch of a span zipkin-js encoded",
      "emitZipkinBatch",
      Type.LIST,
      () => wrapInThriftList([zipkinJsSpan()]),
    ],
  ] as const)("%s decodes as its HTTP endpoint decodes the same spans", (_, method, type, argument) => {
    expectAsOverHttp(method, type, argument());
  });

  it("accepts a CALL as well as a ONEWAY message, as older Thrift clients send emitBatch", () => {
    const call = agentMessage("emitBatch", Type.STRUCT, everyFieldBatch(), MessageType.CALL);
    expect(decodeAgentDatagram(call).spans).toHaveLength(2);
  });
});

describe("decodeAgentDatagram refusals", () => {
  const batch = everyFieldBatch();
  const emitBatch = agentMessage("emitBatch", Type.STRUCT, batch);
  const compactEmitBatch = transcode(emitBatch, "binary", "compact");
  it.each([
    ["an empty datagram", Buffer.alloc(0), "datagram: not a Thrift binary-protocol body (ends too early)"],
    ["text", Buffer.from("hello agent"), "datagram: not a Thrift binary-protocol body (ends too early)"],
    [
      "a message cut short",
      emitBatch.subarray(0, 100),
      "datagram: not a Thrift binary-protocol body (ends too early)",
    ],
    [
      "a compact message cut short",
      compactEmitBatch.subarray(0, 200),
      "datagram: not a Thrift compact-protocol body (ends too early)",
    ],
    [
      "bytes after the message",
      Buffer.concat([compactEmitBatch, Buffer.from([0, 0])]),
      "datagram: 2 bytes left over after the Thrift structure",
    ],
    [
      "an unknown method",
      agentMessage("emitSpans", Type.STRUCT, batch),
      'message name: "emitSpans" is not a method of the Jaeger Agent service; expected emitBatch or emitZipkinBatch',
    ],
    [
      "a REPLY",
      agentMessage("emitBatch", Type.STRUCT, batch, MessageType.REPLY),
      "message type: expected ONEWAY (4) or CALL (1), got 2",
    ],
    [
      "emitBatch with a list for its Batch",
      agentMessage("emitBatch", Type.LIST, Buffer.from([Type.STRUCT, 0, 0, 0, 0])),
      "emitBatch: argument 1 missing or of another type; expected a jaeger.Batch struct",
    ],
    [
      "emitZipkinBatch with a Batch for its list",
      agentMessage("emitZipkinBatch", Type.STRUCT, batch),
      "emitZipkinBatch: argument 1 missing or of another type; expected a list of zipkincore.Span structs",
    ],
    [
      "a bare Batch, as POST /api/traces takes it",
      batch,
      "datagram: not a Thrift binary-protocol body (ends too early)",
    ],
  ] as const)("refuses %s with a 400 naming the problem", (_, datagram, message) => {
    expect(() => decodeAgentDatagram(datagram)).toThrow(new RequestError(400, message));
  });

  it("names the field of a span the Batch reader refuses, by its IDL path", () => {
    // The Batch with its first span's startTime (field 8, i64) renumbered to an unknown field 99.
    const at = batch.indexOf(Buffer.from([Type.I64, 0, 8]));
    const broken = Buffer.from(batch);
    broken.writeInt16BE(99, at + 1);
    const datagram = transcode(agentMessage("emitBatch", Type.STRUCT, broken), "binary", "compact");
    expect(() => decodeAgentDatagram(datagram)).toThrow("span[0].startTime: missing; expected an i64");
  });
});

describe("decodeAgentDatagram on arbitrary input", () => {
  const ENCODINGS: ThriftEncoding[] = ["binary", "compact"];
  /** Decodes or refuses with a 400 (expectDecodesOrRefuses), and returns well within a datagram's time. */
  const decodesOrRefusesSoon = (datagram: Buffer) => {
    const started = performance.now();
    expectDecodesOrRefuses(() => decodeAgentDatagram(datagram));
    expect(performance.now() - started).toBeLessThan(1000);
  };
  const headers = ENCODINGS.flatMap((encoding) =>
    ["emitBatch", "emitZipkinBatch"].map((name) => ({
      encoding,
      header: writeThrift(encoding, (protocol) => protocol.writeMessageBegin(name, MessageType.ONEWAY, 0)),
    })),
  );

  it("decodes or refuses any bytes in either protocol", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => decodesOrRefusesSoon(Buffer.from(bytes))),
      { numRuns: 1000 },
    );
  });

  it("decodes or refuses any arguments after a valid message header", () => {
    fc.assert(
      fc.property(fc.constantFrom(...headers), fc.uint8Array({ maxLength: 512 }), ({ header }, bytes) =>
        decodesOrRefusesSoon(Buffer.concat([header, bytes])),
      ),
      { numRuns: 2000 },
    );
  });

  it("decodes or refuses datagrams made here with bits flipped, bytes cut or inserted", () => {
    const binarySeeds = [
      clientDatagrams[0] as Buffer,
      agentMessage("emitBatch", Type.STRUCT, everyFieldBatch()),
      agentMessage("emitZipkinBatch", Type.LIST, wrapInThriftList([zipkinJsSpan()])),
    ];
    const seeds = [...binarySeeds, ...binarySeeds.map((seed) => transcode(seed, "binary", "compact"))];
    fc.assert(fc.property(fc.oneof(...seeds.map(mutatedBodies)), decodesOrRefusesSoon), { numRuns: 2000 });
  });

  it("decodes or refuses real datagrams with bits flipped, bytes cut or inserted", {
    tags: ["corpus"],
  }, () => {
    const binarySeeds = [
      clientDatagrams[0] as Buffer,
      agentMessage(
        "emitBatch",
        Type.STRUCT,
        readFixtureBytes("derived/jaeger-thrift-binary_batch_02.thrift"),
      ),
      agentMessage("emitZipkinBatch", Type.LIST, encodeZipkinV1Thrift(readThriftJsonFixture(ZIPKIN_FIXTURE))),
    ];
    const seeds = [
      ...binarySeeds,
      ...binarySeeds.map((seed) => transcode(seed, "binary", "compact")),
      readFixtureBytes(COMPACT_FIXTURE),
    ];
    const mutated = fc.oneof(...seeds.map(mutatedBodies));
    fc.assert(fc.property(mutated, decodesOrRefusesSoon), { numRuns: 2000 });
  });

  it("refuses a full-size datagram of nested containers to skip in well under a second", () => {
    // An unknown field 9 of the Batch: a list of thousands of lists of one bool each, skipped by
    // the library's own `skip`, the loop a crafted datagram can make longest per byte.
    for (const encoding of ENCODINGS) {
      const count = encoding === "binary" ? 6_000 : 21_000;
      const datagram = writeThrift(encoding, (protocol) => {
        protocol.writeMessageBegin("emitBatch", MessageType.ONEWAY, 0);
        protocol.writeStructBegin("");
        protocol.writeFieldBegin("", Type.STRUCT, 1);
        protocol.writeStructBegin("");
        protocol.writeFieldBegin("", Type.LIST, 9);
        protocol.writeListBegin(Type.LIST, count);
        for (let i = 0; i < count; i++) {
          protocol.writeListBegin(Type.BOOL, 1);
          protocol.writeBool(true);
        }
      });
      expect(datagram.length).toBeGreaterThan(30_000);
      expect(datagram.length).toBeLessThan(65_000);
      const started = performance.now();
      expect(() => decodeAgentDatagram(datagram)).toThrow(RequestError);
      expect(performance.now() - started).toBeLessThan(1000);
    }
  });
});
