import {
  type Attributes,
  type AttributeValue,
  type InstrumentationScope,
  isUnsafeInt64,
  type Span,
  type SpanEvent,
  type SpanKind,
  type SpanLink,
  type StatusCode,
} from "../model/span";

/** An AnyValue as OTLP/JSON writes it: int64 as a decimal string, NaN and ±Infinity as strings. */
export type OtlpAnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number | "NaN" | "Infinity" | "-Infinity" }
  | { arrayValue: { values: OtlpAnyValue[] } }
  | { kvlistValue: { values: OtlpKeyValue[] } };

export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

export interface OtlpScope {
  name: string;
  version?: string;
  attributes?: OtlpKeyValue[];
}

export interface OtlpEvent {
  timeUnixNano: string;
  name: string;
  attributes?: OtlpKeyValue[];
}

export interface OtlpLink {
  traceId: string;
  spanId: string;
  traceState?: string;
  attributes?: OtlpKeyValue[];
}

/** Times are unix nanoseconds as decimal strings (a fixed64); ids are lower-case hex. */
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  name: string;
  /** Span.SpanKind: 1 INTERNAL, 2 SERVER, 3 CLIENT, 4 PRODUCER, 5 CONSUMER. */
  kind: 1 | 2 | 3 | 4 | 5;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpKeyValue[];
  events?: OtlpEvent[];
  links?: OtlpLink[];
  /** Status.StatusCode: 0 UNSET, 1 OK, 2 ERROR. */
  status: { code: 0 | 1 | 2; message?: string };
}

export interface OtlpScopeSpans {
  scope: OtlpScope;
  spans: OtlpSpan[];
}

export interface OtlpResourceSpans {
  resource: { attributes: OtlpKeyValue[] };
  scopeSpans: OtlpScopeSpans[];
}

/** TracesData, which is also the ExportTraceServiceRequest body of `POST /v1/traces`. */
export interface OtlpTracesData {
  resourceSpans: OtlpResourceSpans[];
}

const KINDS: Record<SpanKind, OtlpSpan["kind"]> = {
  INTERNAL: 1,
  SERVER: 2,
  CLIENT: 3,
  PRODUCER: 4,
  CONSUMER: 5,
};
const STATUS_CODES: Record<StatusCode, OtlpSpan["status"]["code"]> = { UNSET: 0, OK: 1, ERROR: 2 };

/** Where the decoders keep a W3C tracestate; OTLP has a field for it. */
const TRACE_STATE = "w3c.tracestate";

/**
 * Encodes canonical spans as OTLP/JSON (protobuf's JSON mapping as OTLP/HTTP defines it), the inverse
 * of `decodeOtlpJson`: decoding the result gives back the spans, their `warnings` aside.
 *
 * One ResourceSpans per distinct (serviceName, resource), `service.name` always among its attributes,
 * then one ScopeSpans per distinct scope, each in order of first appearance; spans keep their order
 * within them. What the decoders lifted out of attributes goes back where OTLP or the collector's
 * translators put it: `w3c.tracestate` becomes `traceState`, `remoteServiceName` the `peer.service`
 * attribute (as the collector's Zipkin receiver writes a remote endpoint's name), a Jaeger reference
 * type the link attribute `opentracing.ref_type` (as its Jaeger receiver does).
 *
 * Not written, as OTLP has no field for them and the collector's Zipkin receiver drops them too:
 * `shared` (both halves of a Zipkin shared span keep their common span id), `debug`, and `warnings`,
 * which describe repairs already made to what is written. Byte values went into the model as base64
 * strings and come out as strings. Never mutates `spans`.
 */
export function encodeOtlpJson(spans: Span[]): OtlpTracesData {
  const resourceSpans: OtlpResourceSpans[] = [];
  const groups = new Map<string, { entry: OtlpResourceSpans; scopes: Map<string, OtlpScopeSpans> }>();
  const resources = new Map<Attributes, { serviceName: string; attributes: OtlpKeyValue[]; key: string }>();
  for (const span of spans) {
    let resource = resources.get(span.resource);
    if (resource?.serviceName !== span.serviceName) {
      const attributes = resourceAttributes(span);
      resource = { serviceName: span.serviceName, attributes, key: JSON.stringify(attributes) };
      resources.set(span.resource, resource);
    }
    let group = groups.get(resource.key);
    if (group === undefined) {
      group = { entry: { resource: { attributes: resource.attributes }, scopeSpans: [] }, scopes: new Map() };
      groups.set(resource.key, group);
      resourceSpans.push(group.entry);
    }
    const scope = encodeScope(span.scope);
    const scopeKey = JSON.stringify(scope);
    let scopeSpans = group.scopes.get(scopeKey);
    if (scopeSpans === undefined) {
      scopeSpans = { scope, spans: [] };
      group.scopes.set(scopeKey, scopeSpans);
      group.entry.scopeSpans.push(scopeSpans);
    }
    scopeSpans.spans.push(encodeSpan(span));
  }
  return { resourceSpans };
}

/** The resource with `service.name` set to the span's service, in its place or else first. */
function resourceAttributes({ resource, serviceName }: Span): OtlpKeyValue[] {
  const out = Object.entries(resource).map(([key, value]) =>
    keyValue(key, key === "service.name" ? serviceName : value),
  );
  if (resource["service.name"] === undefined) out.unshift(keyValue("service.name", serviceName));
  return out;
}

function encodeScope(scope: InstrumentationScope | undefined): OtlpScope {
  const out: OtlpScope = { name: scope?.name ?? "" };
  if (scope?.version) out.version = scope.version;
  if (scope?.attributes && Object.keys(scope.attributes).length > 0)
    out.attributes = keyValues(scope.attributes);
  return out;
}

function encodeSpan(span: Span): OtlpSpan {
  const { attributes } = span;
  const out: Partial<OtlpSpan> = { traceId: otlpTraceId(span.traceId), spanId: span.spanId };
  if (span.parentSpanId !== undefined) out.parentSpanId = span.parentSpanId;
  const traceState = attributes[TRACE_STATE];
  if (isTraceState(traceState)) out.traceState = traceState;
  out.name = span.name;
  out.kind = KINDS[span.kind];
  out.startTimeUnixNano = nanos(span.startUs);
  out.endTimeUnixNano = nanos(span.startUs + span.durationUs);
  out.attributes = keyValues(attributes, isTraceState(traceState) ? TRACE_STATE : undefined);
  if (span.remoteServiceName && attributes["peer.service"] === undefined)
    out.attributes.push(keyValue("peer.service", span.remoteServiceName));
  if (span.events.length > 0) out.events = span.events.map(encodeEvent);
  if (span.links.length > 0) out.links = span.links.map(encodeLink);
  out.status = { code: STATUS_CODES[span.status.code] };
  if (span.status.message) out.status.message = span.status.message;
  return out as OtlpSpan;
}

function encodeEvent(event: SpanEvent): OtlpEvent {
  const out: OtlpEvent = { timeUnixNano: nanos(event.timeUs), name: event.name };
  if (event.attributes !== undefined) out.attributes = keyValues(event.attributes);
  return out;
}

/** A Jaeger reference keeps its type in `opentracing.ref_type`, as the collector's Jaeger receiver writes it. */
function encodeLink(link: SpanLink): OtlpLink {
  const out: OtlpLink = { traceId: otlpTraceId(link.traceId), spanId: link.spanId };
  const attributes = link.attributes ?? {};
  const traceState = attributes[TRACE_STATE];
  if (isTraceState(traceState)) out.traceState = traceState;
  const encoded = keyValues(attributes, isTraceState(traceState) ? TRACE_STATE : undefined);
  if (link.type !== "LINK" && attributes["opentracing.ref_type"] === undefined)
    encoded.push(keyValue("opentracing.ref_type", link.type.toLowerCase()));
  if (encoded.length > 0) out.attributes = encoded;
  return out;
}

/** A tracestate the decoders lifted out of OTLP's field; an empty one was never there. */
function isTraceState(value: AttributeValue | undefined): value is string {
  return typeof value === "string" && value !== "";
}

/** OTLP trace ids are 16 bytes: a 64-bit id is left-padded with zeros, which the decoders strip again. */
function otlpTraceId(traceId: string): string {
  return traceId.padStart(32, "0");
}

/** Integer µs → unix nanoseconds as decimal digits: exact, where nanoseconds as a number would not be. */
function nanos(us: number): string {
  return us === 0 ? "0" : `${us}000`;
}

function keyValues(attributes: Attributes, skip?: string): OtlpKeyValue[] {
  const out: OtlpKeyValue[] = [];
  for (const [key, value] of Object.entries(attributes)) if (key !== skip) out.push(keyValue(key, value));
  return out;
}

function keyValue(key: string, value: AttributeValue): OtlpKeyValue {
  return { key, value: anyValue(value) };
}

/**
 * An attribute as an AnyValue. A safe integer is an int64, any other number a double (JSON cannot tell
 * 3.0 from 3, so a double 3.0 comes back as int 3); a decimal string past 2^53 is how the decoders hold
 * an int64 JavaScript cannot, and goes back as one.
 */
export function anyValue(value: AttributeValue): OtlpAnyValue {
  if (typeof value === "string") return isUnsafeInt64(value) ? { intValue: value } : { stringValue: value };
  if (typeof value === "boolean") return { boolValue: value };
  if (typeof value === "number") {
    if (Number.isSafeInteger(value)) return { intValue: String(value) };
    // protobuf's JSON mapping writes the doubles JSON has no number for as these strings.
    if (Number.isNaN(value)) return { doubleValue: "NaN" };
    if (!Number.isFinite(value)) return { doubleValue: value > 0 ? "Infinity" : "-Infinity" };
    return { doubleValue: value };
  }
  if (Array.isArray(value)) return { arrayValue: { values: value.map(anyValue) } };
  return { kvlistValue: { values: keyValues(value) } };
}
