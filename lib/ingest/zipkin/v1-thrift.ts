import { badRequest } from "../../errors";
import { normaliseSpanId, normaliseTraceId } from "../../model/ids";
import { toId, toMicros } from "../shared/fields";
import {
  readI64Hex,
  readI64Number,
  readList,
  readStruct,
  readThriftBody,
  type ThriftProtocol,
  ThriftType,
} from "../shared/thrift";
import { ipv4FromI32, ipv6FromBytes } from "./addresses";
import type { V1Annotation, V1BinaryAnnotation, V1Endpoint, V1Span } from "./v1-model";
import { readTypedValue } from "./v1-thrift-values";

const { I16, I32, I64, STRING, STRUCT, LIST, BOOL } = ThriftType;
const ZERO_ID = "0000000000000000";

/** Reads and checks the `list<Span>` of `body`, refusing the first bad field by its IDL path. */
export function readZipkinV1Thrift(body: Buffer): V1Span[] {
  return readThriftBody(body, "body", (protocol) => readZipkinV1SpanList(protocol, "body"));
}

/**
 * Reads a `list<zipkincore.Span>` from `protocol`, binary or compact: the HTTP body above, or the
 * argument of the Jaeger agent's `emitZipkinBatch` (../jaeger/agent.ts). `path` names the list.
 */
export function readZipkinV1SpanList(protocol: ThriftProtocol, path: string): V1Span[] {
  return readList(protocol, STRUCT, path, (i) => readSpan(protocol, `span[${i}]`));
}

/** Field ids from zipkinCore.thrift; a field of an unexpected type is skipped, as generated code does. */
function readSpan(protocol: ThriftProtocol, path: string): V1Span {
  let traceIdLow: string | undefined;
  let traceIdHigh = ZERO_ID;
  let id: string | undefined;
  const span: V1Span = {
    traceId: "",
    id: "",
    name: "",
    debug: false,
    annotations: [],
    binaryAnnotations: [],
  };
  readStruct(protocol, (fid, type) => {
    if (fid === 1 && type === I64) traceIdLow = readI64Hex(protocol);
    else if (fid === 3 && type === STRING) span.name = protocol.readString();
    else if (fid === 4 && type === I64) id = readI64Hex(protocol);
    else if (fid === 5 && type === I64) {
      // Zipkin reads a zero parent as "no parent".
      const parentId = readI64Hex(protocol);
      if (parentId !== ZERO_ID) span.parentId = parentId;
    } else if (fid === 6 && type === LIST) {
      span.annotations = readList(protocol, STRUCT, `${path}.annotations`, (i) =>
        readAnnotation(protocol, `${path}.annotations[${i}]`),
      );
    } else if (fid === 8 && type === LIST) {
      span.binaryAnnotations = readList(protocol, STRUCT, `${path}.binary_annotations`, (i) =>
        readBinaryAnnotation(protocol, `${path}.binary_annotations[${i}]`, span),
      );
    } else if (fid === 9 && type === BOOL) span.debug = protocol.readBool();
    else if (fid === 10 && type === I64) {
      const timestampUs = toMicros(readI64Number(protocol), `${path}.timestamp`);
      if (timestampUs) span.timestampUs = timestampUs;
    } else if (fid === 11 && type === I64) {
      const durationUs = toMicros(readI64Number(protocol), `${path}.duration`);
      if (durationUs) span.durationUs = durationUs;
    } else if (fid === 12 && type === I64) traceIdHigh = readI64Hex(protocol);
    else return false;
    return true;
  });
  if (traceIdLow === undefined) throw badRequest(`${path}.trace_id: missing; expected an i64`);
  if (id === undefined) throw badRequest(`${path}.id: missing; expected an i64`);
  span.traceId = toId(`${traceIdHigh}${traceIdLow}`, `${path}.trace_id`, normaliseTraceId);
  span.id = toId(id, `${path}.id`, normaliseSpanId);
  if (span.parentId !== undefined) span.parentId = toId(span.parentId, `${path}.parent_id`, normaliseSpanId);
  return span;
}

function readAnnotation(protocol: ThriftProtocol, path: string): V1Annotation {
  let timestampUs: number | undefined;
  let value: string | undefined;
  let endpoint: V1Endpoint | undefined;
  readStruct(protocol, (fid, type) => {
    if (fid === 1 && type === I64) timestampUs = toMicros(readI64Number(protocol), `${path}.timestamp`);
    else if (fid === 2 && type === STRING) value = protocol.readString();
    else if (fid === 3 && type === STRUCT) endpoint = readEndpoint(protocol, `${path}.host`);
    else return false;
    return true;
  });
  if (timestampUs === undefined) throw badRequest(`${path}.timestamp: missing; expected an i64`);
  if (value === undefined) throw badRequest(`${path}.value: missing; expected a string`);
  return endpoint === undefined ? { timestampUs, value } : { timestampUs, value, endpoint };
}

/** `span` receives the reader's warnings about values longer than their type. */
function readBinaryAnnotation(protocol: ThriftProtocol, path: string, span: V1Span): V1BinaryAnnotation {
  let key: string | undefined;
  let bytes: Buffer = Buffer.alloc(0);
  let annotationType: number | undefined;
  let endpoint: V1Endpoint | undefined;
  readStruct(protocol, (fid, type) => {
    if (fid === 1 && type === STRING) key = protocol.readString();
    else if (fid === 2 && type === STRING) bytes = protocol.readBinary();
    else if (fid === 3 && type === I32) annotationType = protocol.readI32();
    else if (fid === 4 && type === STRUCT) endpoint = readEndpoint(protocol, `${path}.host`);
    else return false;
    return true;
  });
  if (key === undefined) throw badRequest(`${path}.key: missing; expected a string`);
  if (annotationType === undefined) throw badRequest(`${path}.annotation_type: missing; expected an i32`);
  const { value, warning } = readTypedValue(bytes, annotationType, path);
  if (warning !== undefined) span.warnings = [...(span.warnings ?? []), `${key}: ${warning}`];
  return endpoint === undefined ? { key, value } : { key, value, endpoint };
}

function readEndpoint(protocol: ThriftProtocol, path: string): V1Endpoint {
  const endpoint: V1Endpoint = {};
  readStruct(protocol, (fid, type) => {
    if (fid === 1 && type === I32) {
      const ipv4 = ipv4FromI32(protocol.readI32());
      if (ipv4 !== undefined) endpoint.ipv4 = ipv4;
    } else if (fid === 2 && type === I16) {
      // An i16 carrying an unsigned port: 65535 arrives as -1. Port 0 is Zipkin's "unknown".
      const port = protocol.readI16() & 0xffff;
      if (port !== 0) endpoint.port = port;
    } else if (fid === 3 && type === STRING) {
      const serviceName = protocol.readString();
      if (serviceName !== "") endpoint.serviceName = serviceName;
    } else if (fid === 4 && type === STRING) {
      const ipv6 = protocol.readBinary();
      if (ipv6.length !== 0 && ipv6.length !== 16) {
        throw badRequest(`${path}.ipv6: expected 16 bytes, got ${ipv6.length}`);
      }
      if (ipv6.length === 16) endpoint.ipv6 = ipv6FromBytes(ipv6);
    } else return false;
    return true;
  });
  return endpoint;
}
