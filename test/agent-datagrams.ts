import thrift from "thrift";
import type { ThriftEncoding } from "../lib/ingest/shared/thrift";
import { encodeJaegerBatch } from "./jaeger-encoders";

/**
 * Jaeger Agent datagrams made here, as tracers send them over UDP: a message around another
 * encoder's argument, in the binary protocol or re-encoded value by value in the compact one.
 */
const { Type } = thrift.Thrift;

export function writeThrift(encoding: ThriftEncoding, write: (protocol: thrift.TProtocol) => void): Buffer {
  let out: Buffer = Buffer.alloc(0);
  const transport = new thrift.TBufferedTransport(undefined, (buffer) => {
    if (buffer) out = buffer;
  });
  write(
    encoding === "binary" ? new thrift.TBinaryProtocol(transport) : new thrift.TCompactProtocol(transport),
  );
  transport.flush();
  return out;
}

/**
 * A binary Agent message whose one argument is `argument`, as another encoder wrote it: the
 * message header, the arguments struct's field 1 header, the argument, the struct's STOP.
 */
export function agentMessage(
  name: string,
  type: thrift.Thrift.Type,
  argument: Buffer,
  messageType = 4,
): Buffer {
  const header = writeThrift("binary", (protocol) => {
    protocol.writeMessageBegin(name, messageType, 0);
    protocol.writeFieldBegin("", type, 1);
  });
  return Buffer.concat([header, argument, Buffer.from([Type.STOP])]);
}

/**
 * `message` re-encoded value by value with Apache Thrift's own readers and writers: the same
 * message as a sender of the other protocol writes it (compact for jaeger-client-go, Traefik, Ory).
 */
export function transcode(message: Buffer, from: ThriftEncoding, to: ThriftEncoding): Buffer {
  const transport = new thrift.TFramedTransport(message);
  const reader =
    from === "binary" ? new thrift.TBinaryProtocol(transport) : new thrift.TCompactProtocol(transport);
  return writeThrift(to, (writer) => {
    const { fname, mtype, rseqid } = reader.readMessageBegin();
    writer.writeMessageBegin(fname, mtype, rseqid);
    copyValue(reader, writer, Type.STRUCT);
  });
}

function copyValue(reader: thrift.TProtocol, writer: thrift.TProtocol, type: thrift.Thrift.Type): void {
  if (type === Type.BOOL) writer.writeBool(reader.readBool());
  else if (type === Type.BYTE) writer.writeByte(reader.readByte());
  else if (type === Type.I16) writer.writeI16(reader.readI16());
  else if (type === Type.I32) writer.writeI32(reader.readI32());
  else if (type === Type.I64) writer.writeI64(reader.readI64());
  else if (type === Type.DOUBLE) writer.writeDouble(reader.readDouble());
  else if (type === Type.STRING) writer.writeBinary(reader.readBinary());
  else if (type === Type.LIST) {
    const { etype, size } = reader.readListBegin();
    writer.writeListBegin(etype, size);
    for (let i = 0; i < size; i++) copyValue(reader, writer, etype);
  } else if (type === Type.STRUCT) {
    reader.readStructBegin();
    writer.writeStructBegin("");
    for (;;) {
      const { ftype, fid } = reader.readFieldBegin();
      if (ftype === Type.STOP) break;
      writer.writeFieldBegin("", ftype, fid);
      copyValue(reader, writer, ftype);
    }
    writer.writeFieldStop();
    reader.readStructEnd();
    writer.writeStructEnd();
  } else throw new Error(`no ${type} in the Agent IDL`);
}

/**
 * A Batch of two spans that uses every field a decoder reads: a 128-bit trace id, each tag type
 * (BINARY too), logs, CHILD_OF and FOLLOWS_FROM references, process tags.
 */
export function everyFieldBatch(): Buffer {
  const ref = (refType: string, spanId: string) => ({
    refType,
    traceIdLow: "00000000000000a1",
    traceIdHigh: "00000000000000f1",
    spanId,
  });
  const span = (spanId: string, operationName: string, fields: Record<string, unknown>) => ({
    traceIdLow: "00000000000000a1",
    traceIdHigh: "00000000000000f1",
    spanId,
    parentSpanId: "0000000000000000",
    operationName,
    flags: 1,
    startTime: 1_700_000_000_000_000,
    duration: 2_500,
    ...fields,
  });
  return encodeJaegerBatch({
    process: {
      serviceName: "api",
      tags: [
        { key: "hostname", vType: "STRING", vStr: "api-7f9c" },
        { key: "ip", vType: "STRING", vStr: "10.0.0.7" },
      ],
    },
    spans: [
      span("00000000000000b1", "get", {
        references: [ref("CHILD_OF", "00000000000000c1")],
        tags: [
          { key: "span.kind", vType: "STRING", vStr: "server" },
          { key: "peer.service", vType: "STRING", vStr: "rtapi" },
          { key: "someDouble", vType: "DOUBLE", vDouble: 129.8 },
          { key: "someBool", vType: "BOOL", vBool: true },
          { key: "peer.port", vType: "LONG", vLong: 53931 },
          { key: "payload", vType: "BINARY", vBinary: Buffer.from([0, 0, 48, 57]) },
        ],
        logs: [
          {
            timestamp: 1_700_000_000_000_100,
            fields: [
              { key: "event", vType: "STRING", vStr: "cache miss" },
              { key: "key", vType: "STRING", vStr: "sku-1" },
            ],
          },
        ],
      }),
      span("00000000000000b2", "refill", {
        startTime: 1_700_000_000_003_000,
        references: [ref("FOLLOWS_FROM", "00000000000000b1")],
      }),
    ],
  });
}
