import protobuf from "protobufjs";
import { badRequest } from "../errors";
import type { Attributes, AttributeValue, Span, SpanEvent, SpanLink } from "../model/span";
import { setAttribute } from "./fields";
import { normaliseSpans } from "./normalise";
import {
  MAX_VALUE_DEPTH,
  microsFromNanoHalves,
  noteDropped,
  type OtlpScopeContext,
  otlpEvent,
  otlpId,
  otlpKind,
  otlpLink,
  otlpParentId,
  otlpResource,
  otlpScope,
  otlpSpan,
  otlpStatus,
  otlpStatusCode,
} from "./otlp";

/**
 * The messages of opentelemetry-proto (collector/trace/v1/trace_service.proto, trace/v1/trace.proto,
 * common/v1/common.proto, resource/v1/resource.proto) this decoder reads, with their field numbers.
 * Enums are read as int32 (the same varint on the wire) so that an unknown value can be named.
 * Field 1000 is the deprecated `instrumentation_library_spans` of pre-1.0 exporters: its
 * InstrumentationLibrarySpans {instrumentation_library = 1 {name = 1, version = 2}, spans = 2} has
 * the same wire form as ScopeSpans.
 */
const OTLP_PROTO = `
syntax = "proto3";
package tracelight.otlp;
message AnyValue {
  optional string string_value = 1; optional bool bool_value = 2; optional int64 int_value = 3;
  optional double double_value = 4; optional ArrayValue array_value = 5;
  optional KeyValueList kvlist_value = 6; optional bytes bytes_value = 7;
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message InstrumentationScope {
  string name = 1; string version = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4;
}
message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
message Status { string message = 2; int32 code = 3; }
message Event {
  fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4;
}
message Link {
  bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; repeated KeyValue attributes = 4;
  uint32 dropped_attributes_count = 5;
}
message Span {
  bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; bytes parent_span_id = 4; string name = 5;
  int32 kind = 6; fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9; uint32 dropped_attributes_count = 10; repeated Event events = 11;
  uint32 dropped_events_count = 12; repeated Link links = 13; uint32 dropped_links_count = 14; Status status = 15;
}
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; }
message ResourceSpans {
  Resource resource = 1; repeated ScopeSpans scope_spans = 2; repeated ScopeSpans instrumentation_library_spans = 1000;
}
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
`;

/** 64-bit integers as protobufjs gives them: Long objects when `long` is installed, else numbers. */
type Int64 = number | protobuf.Long;

const ANY_VALUE_FIELDS = [
  "stringValue",
  "boolValue",
  "intValue",
  "doubleValue",
  "arrayValue",
  "kvlistValue",
  "bytesValue",
] as const;

interface ProtoAnyValue {
  stringValue: string;
  boolValue: boolean;
  intValue: Int64;
  doubleValue: number;
  arrayValue: { values: ProtoAnyValue[] };
  kvlistValue: { values: ProtoKeyValue[] };
  bytesValue: Uint8Array;
}
interface ProtoKeyValue {
  key: string;
  value: ProtoAnyValue | null;
}
interface ProtoAttributed {
  attributes: ProtoKeyValue[];
  droppedAttributesCount: number;
}
interface ProtoEvent extends ProtoAttributed {
  timeUnixNano: Int64;
  name: string;
}
interface ProtoLink extends ProtoAttributed {
  traceId: Uint8Array;
  spanId: Uint8Array;
  traceState: string;
}
interface ProtoSpan extends ProtoAttributed {
  traceId: Uint8Array;
  spanId: Uint8Array;
  traceState: string;
  parentSpanId: Uint8Array;
  name: string;
  kind: number;
  startTimeUnixNano: Int64;
  endTimeUnixNano: Int64;
  events: ProtoEvent[];
  droppedEventsCount: number;
  links: ProtoLink[];
  droppedLinksCount: number;
  status: { code: number; message: string } | null;
}
interface ProtoScopeSpans {
  scope: (ProtoAttributed & { name: string; version: string }) | null;
  spans: ProtoSpan[];
}
interface ProtoResourceSpans {
  resource: ProtoAttributed | null;
  scopeSpans: ProtoScopeSpans[];
  instrumentationLibrarySpans: ProtoScopeSpans[];
}

let requestType: protobuf.Type | undefined;

/**
 * Decodes the protobuf body of OTLP/HTTP `POST /v1/traces` (Content-Type application/x-protobuf), an
 * ExportTraceServiceRequest (TracesData has the same wire form), into canonical spans. Paths in
 * messages use the OTLP/JSON names (`resourceSpans[0].scopeSpans[1].spans[4].traceId`), so a
 * refusal reads the same in both encodings. Never mutates `body`.
 */
export function decodeOtlpProto(body: Buffer): { spans: Span[] } {
  requestType ??= protobuf.parse(OTLP_PROTO).root.lookupType("tracelight.otlp.ExportTraceServiceRequest");
  let resourceSpans: ProtoResourceSpans[];
  try {
    resourceSpans = (requestType.decode(body) as unknown as { resourceSpans: ProtoResourceSpans[] })
      .resourceSpans;
  } catch (error) {
    // Truncated or garbage bytes, or nesting past protobufjs's depth limit.
    throw badRequest(`body: not a protobuf ExportTraceServiceRequest (${(error as Error).message})`);
  }
  const spans: Span[] = [];
  for (let r = 0; r < resourceSpans.length; r++) {
    const path = `resourceSpans[${r}]`;
    const { resource, scopeSpans, instrumentationLibrarySpans } = resourceSpans[r] as ProtoResourceSpans;
    const context = otlpResource(
      resource ? readAttributes(resource.attributes, `${path}.resource.attributes`, 0) : {},
      resource?.droppedAttributesCount ?? 0,
    );
    // The proto's transition rule: the deprecated field counts only when scope_spans is empty.
    const [scopes, scopesKey] =
      scopeSpans.length > 0
        ? [scopeSpans, "scopeSpans"]
        : [instrumentationLibrarySpans, "instrumentationLibrarySpans"];
    for (let s = 0; s < scopes.length; s++) {
      decodeScopeSpans(scopes[s] as ProtoScopeSpans, `${path}.${scopesKey}[${s}]`, context, spans);
    }
  }
  return { spans: normaliseSpans(spans) };
}

function decodeScopeSpans(
  scopeSpans: ProtoScopeSpans,
  path: string,
  resource: OtlpScopeContext,
  out: Span[],
) {
  const { scope } = scopeSpans;
  const context = scope
    ? otlpScope(
        resource,
        scope.name,
        scope.version,
        readAttributes(scope.attributes, `${path}.scope.attributes`, 0),
        scope.droppedAttributesCount,
      )
    : resource;
  for (let i = 0; i < scopeSpans.spans.length; i++) {
    out.push(decodeSpan(scopeSpans.spans[i] as ProtoSpan, `${path}.spans[${i}]`, context));
  }
}

function decodeSpan(span: ProtoSpan, path: string, context: OtlpScopeContext): Span {
  const warnings: string[] = [];
  noteDropped(warnings, span.droppedAttributesCount, "attributes");
  noteDropped(warnings, span.droppedEventsCount, "events");
  noteDropped(warnings, span.droppedLinksCount, "links");
  const parentPath = `${path}.parentSpanId`;
  return otlpSpan(
    {
      traceId: readId(span.traceId, `${path}.traceId`, true),
      spanId: readId(span.spanId, `${path}.spanId`, false),
      parentSpanId:
        span.parentSpanId.length === 0
          ? undefined
          : otlpParentId(idHex(span.parentSpanId, parentPath, 8), parentPath, "8 bytes"),
      traceState: span.traceState,
      name: span.name,
      kind: otlpKind(span.kind, `${path}.kind`),
      startUs: micros(span.startTimeUnixNano, `${path}.startTimeUnixNano`),
      endUs: micros(span.endTimeUnixNano, `${path}.endTimeUnixNano`),
      attributes: readAttributes(span.attributes, `${path}.attributes`, 0),
      events: readEvents(span.events, path, warnings),
      links: readLinks(span.links, path, warnings),
      status: span.status
        ? otlpStatus(otlpStatusCode(span.status.code, `${path}.status.code`), span.status.message)
        : otlpStatus("UNSET", ""),
      warnings,
    },
    context,
  );
}

function readEvents(events: ProtoEvent[], path: string, warnings: string[]): SpanEvent[] {
  const out: SpanEvent[] = new Array(events.length);
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as ProtoEvent;
    const eventPath = `${path}.events[${i}]`;
    noteDropped(warnings, event.droppedAttributesCount, `attributes of event ${i}`);
    out[i] = otlpEvent(
      micros(event.timeUnixNano, `${eventPath}.timeUnixNano`),
      event.name,
      readAttributes(event.attributes, `${eventPath}.attributes`, 0),
    );
  }
  return out;
}

function readLinks(links: ProtoLink[], path: string, warnings: string[]): SpanLink[] {
  const out: SpanLink[] = new Array(links.length);
  for (let i = 0; i < links.length; i++) {
    const link = links[i] as ProtoLink;
    const linkPath = `${path}.links[${i}]`;
    noteDropped(warnings, link.droppedAttributesCount, `attributes of link ${i}`);
    out[i] = otlpLink(
      readId(link.traceId, `${linkPath}.traceId`, true),
      readId(link.spanId, `${linkPath}.spanId`, false),
      link.traceState,
      readAttributes(link.attributes, `${linkPath}.attributes`, 0),
    );
  }
  return out;
}

/** Trace ids are 16 bytes, span ids 8 (trace.proto); an empty id is a missing one. */
function readId(bytes: Uint8Array, path: string, isTraceId: boolean): string {
  const size = isTraceId ? 16 : 8;
  return otlpId(idHex(bytes, path, size), path, isTraceId, `${size} bytes`);
}

function idHex(bytes: Uint8Array, path: string, size: number): string {
  if (bytes.length === 0) throw badRequest(`${path}: missing; expected ${size} bytes`);
  if (bytes.length !== size) throw badRequest(`${path}: expected ${size} bytes, got ${bytes.length}`);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("hex");
}

function micros(nanos: Int64, path: string): number {
  if (typeof nanos === "number")
    return microsFromNanoHalves(Math.floor(nanos / 2 ** 32), nanos % 2 ** 32, path);
  return microsFromNanoHalves(nanos.high >>> 0, nanos.low >>> 0, path);
}

function readAttributes(list: ProtoKeyValue[], path: string, depth: number): Attributes {
  const attributes: Attributes = {};
  for (let i = 0; i < list.length; i++) {
    const { key, value } = list[i] as ProtoKeyValue;
    const converted = value ? readValue(value, path, i, ".value", depth) : undefined;
    if (converted !== undefined) setAttribute(attributes, key, converted);
  }
  return attributes;
}

/**
 * An AnyValue, the element `index` of the list at `listPath` (`suffix` follows the index in its path,
 * which is built only when needed). No field set is OTel's "empty" value: it is left out.
 */
function readValue(
  value: ProtoAnyValue,
  listPath: string,
  index: number,
  suffix: string,
  depth: number,
): AttributeValue | undefined {
  switch (setField(value)) {
    case "stringValue":
      return value.stringValue;
    case "boolValue":
      return value.boolValue;
    case "intValue":
      return int64(value.intValue);
    case "doubleValue":
      // As protobuf's JSON mapping writes them, so both encodings store the same value.
      return Number.isFinite(value.doubleValue) ? value.doubleValue : String(value.doubleValue);
    case "bytesValue":
      return Buffer.from(
        value.bytesValue.buffer,
        value.bytesValue.byteOffset,
        value.bytesValue.length,
      ).toString("base64");
    case "arrayValue":
    case "kvlistValue": {
      const nestedPath = `${listPath}[${index}]${suffix}.${setField(value)}.values`;
      if (depth >= MAX_VALUE_DEPTH)
        throw badRequest(`${nestedPath}: nested deeper than ${MAX_VALUE_DEPTH} levels`);
      if (setField(value) === "kvlistValue")
        return readAttributes(value.kvlistValue.values, nestedPath, depth + 1);
      const out: AttributeValue[] = [];
      const { values } = value.arrayValue;
      for (let i = 0; i < values.length; i++) {
        const item = readValue(values[i] as ProtoAnyValue, nestedPath, i, "", depth + 1);
        if (item !== undefined) out.push(item);
      }
      return out;
    }
    default:
      return undefined;
  }
}

/**
 * Which of AnyValue's fields the sender set. The schema above declares them `optional` rather than
 * as the proto's `oneof` (the same bytes on the wire): protobufjs enforces a oneof by deleting the
 * other members from every decoded value, which cost a fifth of the decoder's time, and `optional`
 * keeps a value equal to its default (`false`, `""`, `0`), which protobufjs drops from plain fields.
 * A decoded message holds as own properties only the fields that were on the wire.
 */
function setField(value: ProtoAnyValue): (typeof ANY_VALUE_FIELDS)[number] | undefined {
  for (const field of ANY_VALUE_FIELDS) if (Object.hasOwn(value, field)) return field;
  return undefined;
}

/** A JS number when safe, else the decimal string (the model's rule for 64-bit integers). */
function int64(value: Int64): number | string {
  if (typeof value === "number") return value;
  const number = value.high * 2 ** 32 + (value.low >>> 0);
  return Number.isSafeInteger(number)
    ? number
    : ((BigInt(value.high) << 32n) + BigInt(value.low >>> 0)).toString();
}
