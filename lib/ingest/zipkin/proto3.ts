import protobuf from "protobufjs";
import { badRequest } from "../../errors";
import type { Span } from "../../model/span";
import { ipv4FromBytes, ipv6FromBytes, isIpv4Mapped } from "./addresses";
import { decodeZipkinV2 } from "./v2";

/** zipkin.proto (openzipkin/zipkin-api), the fields and numbers this decoder reads. */
const ZIPKIN_PROTO = `
syntax = "proto3";
package zipkin.proto3;
message Endpoint { string service_name = 1; bytes ipv4 = 2; bytes ipv6 = 3; int32 port = 4; }
message Annotation { fixed64 timestamp = 1; string value = 2; }
message Span {
  bytes trace_id = 1; bytes parent_id = 2; bytes id = 3; int32 kind = 4; string name = 5;
  fixed64 timestamp = 6; uint64 duration = 7; Endpoint local_endpoint = 8; Endpoint remote_endpoint = 9;
  repeated Annotation annotations = 10; map<string, string> tags = 11; bool debug = 12; bool shared = 13;
}
message ListOfSpans { repeated Span spans = 1; }
`;
// `kind` is the enum Span.Kind on the wire; read as its number so an unknown one can be named.
const KINDS = [undefined, "CLIENT", "SERVER", "PRODUCER", "CONSUMER"] as const;
const TWO_TO_THE_21 = 0x200000;

/** 64-bit integers as protobufjs gives them: Long objects when `long` is installed, else numbers. */
type Uint64 = number | protobuf.Long;

interface ProtoEndpoint {
  serviceName: string;
  ipv4: Uint8Array;
  ipv6: Uint8Array;
  port: number;
}
interface ProtoSpan {
  traceId: Uint8Array;
  parentId: Uint8Array;
  id: Uint8Array;
  kind: number;
  name: string;
  timestamp: Uint64;
  duration: Uint64;
  localEndpoint?: ProtoEndpoint | null;
  remoteEndpoint?: ProtoEndpoint | null;
  annotations: { timestamp: Uint64; value: string }[];
  tags: Record<string, string>;
  debug: boolean;
  shared: boolean;
}

let listOfSpans: protobuf.Type | undefined;

/**
 * Decodes the protobuf body of Zipkin's `POST /api/v2/spans` (Content-Type application/x-protobuf),
 * a `zipkin.proto3.ListOfSpans`, into canonical spans. What only the binary form has (id and address
 * bytes, 64-bit times, the kind number) is checked and turned into the v2 JSON form here, and the v2
 * decoder does the rest, so both forms of a span decode alike. Never mutates `body`.
 */
export function decodeZipkinProto3(body: Buffer): { spans: Span[] } {
  listOfSpans ??= protobuf.parse(ZIPKIN_PROTO).root.lookupType("zipkin.proto3.ListOfSpans");
  let spans: ProtoSpan[];
  try {
    spans = (listOfSpans.decode(body) as unknown as { spans: ProtoSpan[] }).spans;
  } catch (error) {
    // Truncated or garbage bytes, or nesting deep enough to exhaust the stack.
    throw badRequest(`body: not a protobuf zipkin.proto3.ListOfSpans (${(error as Error).message})`);
  }
  const json: Record<string, unknown>[] = new Array(spans.length);
  for (let i = 0; i < spans.length; i++) json[i] = toV2Json(spans[i] as ProtoSpan, `span[${i}]`);
  return decodeZipkinV2(json);
}

/** Proto3 writes no default values: empty bytes, 0 and "" are all "absent". */
function toV2Json(span: ProtoSpan, path: string): Record<string, unknown> {
  const json: Record<string, unknown> = {
    traceId: idHex(span.traceId, `${path}.traceId`, true),
    id: idHex(span.id, `${path}.id`, false),
  };
  if (span.parentId.length > 0) json.parentId = idHex(span.parentId, `${path}.parentId`, false);
  if (span.kind !== 0) {
    const kind = KINDS[span.kind];
    if (kind === undefined) throw badRequest(`${path}.kind: expected 0 to 4, got ${span.kind}`);
    json.kind = kind;
  }
  if (span.name !== "") json.name = span.name;
  const timestamp = micros(span.timestamp, `${path}.timestamp`);
  if (timestamp !== 0) json.timestamp = timestamp;
  const duration = micros(span.duration, `${path}.duration`);
  if (duration !== 0) json.duration = duration;
  if (span.localEndpoint) json.localEndpoint = endpoint(span.localEndpoint, `${path}.localEndpoint`);
  if (span.remoteEndpoint) json.remoteEndpoint = endpoint(span.remoteEndpoint, `${path}.remoteEndpoint`);
  if (span.annotations.length > 0) {
    json.annotations = span.annotations.map((annotation, i) => ({
      timestamp: micros(annotation.timestamp, `${path}.annotations[${i}].timestamp`),
      value: annotation.value,
    }));
  }
  json.tags = span.tags;
  if (span.debug) json.debug = true;
  if (span.shared) json.shared = true;
  return json;
}

/** Ids are big-endian bytes: 8 for a span id, 8 or 16 for a trace id. */
function idHex(bytes: Uint8Array, path: string, isTraceId: boolean): string {
  const expected = isTraceId ? "8 or 16 bytes" : "8 bytes";
  if (bytes.length === 0) throw badRequest(`${path}: missing; expected ${expected}`);
  if (bytes.length !== 8 && !(isTraceId && bytes.length === 16)) {
    throw badRequest(`${path}: expected ${expected}, got ${bytes.length}`);
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("hex");
}

/** A fixed64/uint64 time as an exact number, refused by name past 2^53 (past the year 2255). */
function micros(value: Uint64, path: string): number {
  if (typeof value === "number") {
    if (value > Number.MAX_SAFE_INTEGER) throw tooLarge(path, String(value));
    return value;
  }
  const high = value.high >>> 0;
  if (high >= TWO_TO_THE_21) throw tooLarge(path, value.toString());
  return high * 2 ** 32 + (value.low >>> 0);
}

const tooLarge = (path: string, decimal: string) =>
  badRequest(`${path}: expected microseconds from 0 to 2^53, got ${decimal}`);

function endpoint(proto: ProtoEndpoint, path: string): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  if (proto.serviceName !== "") json.serviceName = proto.serviceName;
  if (proto.ipv4.length > 0) {
    if (proto.ipv4.length !== 4) throw badRequest(`${path}.ipv4: expected 4 bytes, got ${proto.ipv4.length}`);
    json.ipv4 = ipv4FromBytes(proto.ipv4);
  }
  if (proto.ipv6.length > 0) {
    if (proto.ipv6.length !== 16)
      throw badRequest(`${path}.ipv6: expected 16 bytes, got ${proto.ipv6.length}`);
    // zipkin.proto asks for IPv4 in the ipv4 field; a mapped address that arrives here moves there.
    if (isIpv4Mapped(proto.ipv6) && json.ipv4 === undefined) json.ipv4 = ipv4FromBytes(proto.ipv6, 12);
    else json.ipv6 = ipv6FromBytes(proto.ipv6);
  }
  if (proto.port !== 0) json.port = proto.port;
  return json;
}
