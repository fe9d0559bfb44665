import protobuf from "protobufjs";
import thrift from "thrift";
import { readFixtureBytes } from "./fixtures";

/**
 * Test-only encoders that turn the corpus's "as JSON" oracles of the binary Zipkin formats into the
 * real bytes a sender POSTs, with the format's own writers: Apache Thrift's TBinaryProtocol for
 * zipkincore `list<Span>`, protobufjs for `zipkin.proto3.ListOfSpans`.
 */

/** zipkincore.Span as Go's JSON writes it (otel-collector, jaeger testdata): snake_case, base64 bytes. */
export interface ThriftJsonSpan {
  trace_id: Decimal;
  trace_id_high?: Decimal;
  name: string;
  id: Decimal;
  parent_id?: Decimal;
  annotations?: { timestamp: Decimal; value: string; host?: ThriftJsonEndpoint }[] | null;
  binary_annotations?:
    | { key: string; value: string; annotation_type: string; host?: ThriftJsonEndpoint }[]
    | null;
  debug?: boolean;
  timestamp?: Decimal;
  duration?: Decimal;
}
interface ThriftJsonEndpoint {
  ipv4: number;
  port: number;
  service_name: string;
}
/** i64s arrive as decimal strings: as JSON numbers, ids past 2^53 would lose their low bits. */
type Decimal = string | number;

/** zipkincore as JSON, its 16-digit and longer integers kept exact as decimal strings. */
export function parseThriftJson(json: Buffer): ThriftJsonSpan[] {
  return JSON.parse(json.toString("utf8").replace(/(:\s*)(-?\d{16,})/g, '$1"$2"')) as ThriftJsonSpan[];
}

/** A zipkincore-as-JSON file of the corpus. */
export const readThriftJsonFixture = (relativePath: string) =>
  parseThriftJson(readFixtureBytes(relativePath));

const { Type } = thrift.Thrift;
const ANNOTATION_TYPES = ["BOOL", "BYTES", "I16", "I32", "I64", "DOUBLE", "STRING"];

/** The TBinaryProtocol body of `POST /api/v1/spans`: `list<Span>`. */
export function encodeZipkinV1Thrift(spans: ThriftJsonSpan[]): Buffer {
  return writeThrift((protocol) => {
    protocol.writeListBegin(Type.STRUCT, spans.length);
    for (const span of spans) writeSpan(protocol, span);
    protocol.writeListEnd();
  });
}

/** Structs from another encoder (zipkin-encoder-thrift writes one Span) under a `list<Span>` header. */
export function wrapInThriftList(structs: Buffer[]): Buffer {
  const header = writeThrift((protocol) => protocol.writeListBegin(Type.STRUCT, structs.length));
  return Buffer.concat([header, ...structs]);
}

function writeThrift(write: (protocol: thrift.TProtocol) => void): Buffer {
  let out: Buffer = Buffer.alloc(0);
  const transport = new thrift.TBufferedTransport(undefined, (buffer) => {
    if (buffer) out = buffer;
  });
  const protocol = new thrift.TBinaryProtocol(transport);
  write(protocol);
  protocol.flush();
  return out;
}

const i64 = (value: Decimal) => {
  const bytes = Buffer.alloc(8);
  bytes.writeBigInt64BE(BigInt(value));
  return new thrift.Int64(bytes);
};

function field(protocol: thrift.TProtocol, id: number, type: thrift.Thrift.Type, write: () => void): void {
  protocol.writeFieldBegin("", type, id);
  write();
  protocol.writeFieldEnd();
}

function struct(protocol: thrift.TProtocol, writeFields: () => void): void {
  protocol.writeStructBegin("");
  writeFields();
  protocol.writeFieldStop();
  protocol.writeStructEnd();
}

function writeSpan(protocol: thrift.TProtocol, span: ThriftJsonSpan): void {
  struct(protocol, () => {
    field(protocol, 1, Type.I64, () => protocol.writeI64(i64(span.trace_id)));
    field(protocol, 3, Type.STRING, () => protocol.writeString(span.name));
    field(protocol, 4, Type.I64, () => protocol.writeI64(i64(span.id)));
    const { parent_id, annotations, binary_annotations, debug, timestamp, duration, trace_id_high } = span;
    if (parent_id !== undefined) field(protocol, 5, Type.I64, () => protocol.writeI64(i64(parent_id)));
    if (annotations) {
      field(protocol, 6, Type.LIST, () => {
        protocol.writeListBegin(Type.STRUCT, annotations.length);
        for (const { timestamp, value, host } of annotations) {
          struct(protocol, () => {
            field(protocol, 1, Type.I64, () => protocol.writeI64(i64(timestamp)));
            field(protocol, 2, Type.STRING, () => protocol.writeString(value));
            if (host) field(protocol, 3, Type.STRUCT, () => writeEndpoint(protocol, host));
          });
        }
      });
    }
    if (binary_annotations) {
      field(protocol, 8, Type.LIST, () => {
        protocol.writeListBegin(Type.STRUCT, binary_annotations.length);
        for (const { key, value, annotation_type, host } of binary_annotations) {
          struct(protocol, () => {
            field(protocol, 1, Type.STRING, () => protocol.writeString(key));
            field(protocol, 2, Type.STRING, () => protocol.writeBinary(Buffer.from(value, "base64")));
            field(protocol, 3, Type.I32, () => protocol.writeI32(ANNOTATION_TYPES.indexOf(annotation_type)));
            if (host) field(protocol, 4, Type.STRUCT, () => writeEndpoint(protocol, host));
          });
        }
      });
    }
    if (debug !== undefined) field(protocol, 9, Type.BOOL, () => protocol.writeBool(debug));
    if (timestamp !== undefined) field(protocol, 10, Type.I64, () => protocol.writeI64(i64(timestamp)));
    if (duration !== undefined) field(protocol, 11, Type.I64, () => protocol.writeI64(i64(duration)));
    if (trace_id_high !== undefined)
      field(protocol, 12, Type.I64, () => protocol.writeI64(i64(trace_id_high)));
  });
}

function writeEndpoint(protocol: thrift.TProtocol, host: ThriftJsonEndpoint): void {
  struct(protocol, () => {
    field(protocol, 1, Type.I32, () => protocol.writeI32(host.ipv4));
    field(protocol, 2, Type.I16, () => protocol.writeI16(host.port));
    field(protocol, 3, Type.STRING, () => protocol.writeString(host.service_name));
  });
}

/** zipkin.proto as its authors wrote it (Kind an enum), independent of the decoder's own schema. */
const ZIPKIN_PROTO = `
syntax = "proto3";
package zipkin.proto3;
message Span {
  bytes trace_id = 1; bytes parent_id = 2; bytes id = 3;
  enum Kind { SPAN_KIND_UNSPECIFIED = 0; CLIENT = 1; SERVER = 2; PRODUCER = 3; CONSUMER = 4; }
  Kind kind = 4; string name = 5; fixed64 timestamp = 6; uint64 duration = 7;
  Endpoint local_endpoint = 8; Endpoint remote_endpoint = 9; repeated Annotation annotations = 10;
  map<string, string> tags = 11; bool debug = 12; bool shared = 13;
}
message Endpoint { string service_name = 1; bytes ipv4 = 2; bytes ipv6 = 3; int32 port = 4; }
message Annotation { fixed64 timestamp = 1; string value = 2; }
message ListOfSpans { repeated Span spans = 1; }
`;
let listOfSpans: protobuf.Type | undefined;

/** A `ListOfSpans` in proto3's JSON form (snake_case, base64 bytes, as jaeger's testdata) as bytes. */
export function encodeZipkinProto3(json: object): Buffer {
  listOfSpans ??= protobuf
    .parse(ZIPKIN_PROTO, { keepCase: true })
    .root.lookupType("zipkin.proto3.ListOfSpans");
  return Buffer.from(listOfSpans.encode(listOfSpans.fromObject(json)).finish());
}
