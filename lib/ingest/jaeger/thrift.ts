import { badRequest } from "../../errors";
import { normaliseSpanId, normaliseTraceId } from "../../model/ids";
import type { Span, SpanEvent } from "../../model/span";
import { toMicros } from "../shared/fields";
import {
  readI64Hex,
  readI64Number,
  readList,
  readStruct,
  readThriftBody,
  type ThriftProtocol,
  ThriftType,
} from "../shared/thrift";
import { type Process, type Reference, type SpanParts, type Tag, toEvent, toProcess, toSpan } from "./model";
import { refuseThriftMessages } from "./thrift-messages";
import { readTags } from "./thrift-tags";

const { I32, I64, LIST, STRING, STRUCT } = ThriftType;
const ZERO_ID = "0000000000000000";
// jaeger.thrift's SpanRefType, by wire value.
const REF_TYPES = ["CHILD_OF", "FOLLOWS_FROM"] as const;

/**
 * Decodes the body of the Jaeger collector's `POST /api/traces` (Content-Type application/x-thrift),
 * as jaeger-client's HTTP sender and Pomerium send it: one bare TBinaryProtocol `jaeger.Batch`
 * struct, no message envelope. Field ids are jaeger-idl's thrift/jaeger.thrift; the fields not used here
 * (Batch.seqNo, Batch.stats, Span.incomplete) are skipped. Times are microseconds on the wire.
 * Refusals name the field by its IDL path (`span[2].tags[1].vType`). Never mutates `body`.
 */
export function decodeJaegerThrift(body: Buffer): { spans: Span[] } {
  refuseThriftMessages(body);
  const spans = readThriftBody(body, "batch", readJaegerBatch);
  return { spans };
}

/**
 * Reads one `jaeger.Batch` struct from `protocol`, binary or compact: the HTTP body above, or the
 * argument of the agent's `emitBatch` (agent.ts). The spans are not yet normalised.
 */
export function readJaegerBatch(protocol: ThriftProtocol): Span[] {
  let process: Process | undefined;
  let parts: SpanParts[] | undefined;
  readStruct(protocol, (fid, type) => {
    if (fid === 1 && type === STRUCT) process = readProcess(protocol);
    else if (fid === 2 && type === LIST) {
      parts = readList(protocol, STRUCT, "spans", (i) => readSpan(protocol, `span[${i}]`));
    } else return false;
    return true;
  });
  if (process === undefined) throw badRequest("process: missing; expected a Process struct");
  if (parts === undefined) throw badRequest("spans: missing; expected a list of Span structs");
  const spans: Span[] = new Array(parts.length);
  for (let i = 0; i < parts.length; i++) spans[i] = toSpan(parts[i] as SpanParts, process);
  return spans;
}

function readProcess(protocol: ThriftProtocol): Process {
  let serviceName: string | undefined;
  let tags: Tag[] = [];
  readStruct(protocol, (fid, type) => {
    if (fid === 1 && type === STRING) serviceName = protocol.readString();
    else if (fid === 2 && type === LIST) tags = readTags(protocol, "process.tags");
    else return false;
    return true;
  });
  return toProcess(serviceName, tags, "process");
}

function readSpan(protocol: ThriftProtocol, path: string): SpanParts {
  let traceIdLow: string | undefined;
  let traceIdHigh = ZERO_ID;
  let spanId: string | undefined;
  let parentSpanId = ZERO_ID;
  let startTime: number | string | undefined;
  let duration: number | string = 0;
  const parts: SpanParts = {
    traceId: "",
    spanId: "",
    name: "",
    references: [],
    flags: 0,
    startUs: 0,
    durationUs: 0,
    tags: [],
    events: [],
    warnings: [],
  };
  readStruct(protocol, (fid, type) => {
    if (fid === 1 && type === I64) traceIdLow = readI64Hex(protocol);
    else if (fid === 2 && type === I64) traceIdHigh = readI64Hex(protocol);
    else if (fid === 3 && type === I64) spanId = readI64Hex(protocol);
    else if (fid === 4 && type === I64) parentSpanId = readI64Hex(protocol);
    else if (fid === 5 && type === STRING) parts.name = protocol.readString();
    else if (fid === 6 && type === LIST)
      parts.references = readReferences(protocol, `${path}.references`, parts);
    else if (fid === 7 && type === I32) parts.flags = protocol.readI32();
    else if (fid === 8 && type === I64) startTime = readI64Number(protocol);
    else if (fid === 9 && type === I64) duration = readI64Number(protocol);
    else if (fid === 10 && type === LIST) parts.tags = readTags(protocol, `${path}.tags`);
    else if (fid === 11 && type === LIST) {
      parts.events = readList(protocol, STRUCT, `${path}.logs`, (i) =>
        readLog(protocol, `${path}.logs[${i}]`),
      );
    } else return false;
    return true;
  });
  if (traceIdLow === undefined) throw badRequest(`${path}.traceIdLow: missing; expected an i64`);
  if (spanId === undefined) throw badRequest(`${path}.spanId: missing; expected an i64`);
  if (startTime === undefined) throw badRequest(`${path}.startTime: missing; expected an i64`);
  // The high half is 0 for 64-bit trace ids; normaliseTraceId then keeps the 64-bit form.
  parts.traceId = toId(normaliseTraceId(`${traceIdHigh}${traceIdLow}`), `${path}.traceIdLow`);
  parts.spanId = toId(normaliseSpanId(spanId), `${path}.spanId`);
  // Jaeger writes parentSpanId 0 for "no parent, or see the references".
  if (parentSpanId !== ZERO_ID) parts.parentSpanId = parentSpanId;
  parts.startUs = toMicros(startTime, `${path}.startTime`);
  parts.durationUs = toMicros(duration, `${path}.duration`);
  return parts;
}

/** Thrift ids are 16 hex digits already; only an all-zero one can be refused. */
function toId(result: ReturnType<typeof normaliseTraceId>, path: string): string {
  if (result.ok) return result.id;
  throw badRequest(`${path}: ${result.reason}; expected a non-zero id`);
}

function readReferences(protocol: ThriftProtocol, path: string, parts: SpanParts): Reference[] {
  const references: Reference[] = [];
  readList(protocol, STRUCT, path, (i) => {
    let type: number | undefined;
    let traceIdLow = ZERO_ID;
    let traceIdHigh = ZERO_ID;
    let spanId = ZERO_ID;
    readStruct(protocol, (fid, ftype) => {
      if (fid === 1 && ftype === I32) type = protocol.readI32();
      else if (fid === 2 && ftype === I64) traceIdLow = readI64Hex(protocol);
      else if (fid === 3 && ftype === I64) traceIdHigh = readI64Hex(protocol);
      else if (fid === 4 && ftype === I64) spanId = readI64Hex(protocol);
      else return false;
      return true;
    });
    const refType = REF_TYPES[type ?? -1];
    if (refType === undefined) {
      throw badRequest(
        `${path}[${i}].refType: expected 0 (CHILD_OF) or 1 (FOLLOWS_FROM), got ${type ?? "nothing"}`,
      );
    }
    const traceId = normaliseTraceId(`${traceIdHigh}${traceIdLow}`);
    // A reference to span 0 points nowhere; some tracers write one for a missing parent context.
    if (!traceId.ok || spanId === ZERO_ID)
      parts.warnings.push(`references[${i}] points to an all-zero id; dropped`);
    else references.push({ type: refType, traceId: traceId.id, spanId });
  });
  return references;
}

function readLog(protocol: ThriftProtocol, path: string): SpanEvent {
  let timestamp: number | string | undefined;
  let fields: Tag[] = [];
  readStruct(protocol, (fid, type) => {
    if (fid === 1 && type === I64) timestamp = readI64Number(protocol);
    else if (fid === 2 && type === LIST) fields = readTags(protocol, `${path}.fields`);
    else return false;
    return true;
  });
  if (timestamp === undefined) throw badRequest(`${path}.timestamp: missing; expected an i64`);
  return toEvent(toMicros(timestamp, `${path}.timestamp`), fields);
}
