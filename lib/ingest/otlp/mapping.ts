import { badRequest, describeValue } from "../../errors";
import { normaliseSpanId, normaliseTraceId } from "../../model/ids";
import {
  type Attributes,
  type InstrumentationScope,
  type Span,
  type SpanEvent,
  type SpanKind,
  type SpanLink,
  type SpanStatus,
  type StatusCode,
  UNKNOWN_SERVICE,
} from "../../model/span";

/**
 * The OTLP → canonical mapping shared by the JSON and the protobuf decoders, as the OTLP spec and the
 * OTel collector's translators define it. Each decoder reads its wire form into these shapes; this
 * module holds every rule that does not depend on the encoding, so both forms of a request decode to
 * deep-equal spans.
 */

/** AnyValue nesting (arrays and kvlists) allowed before a request is refused: real values nest 2-3 deep. */
export const MAX_VALUE_DEPTH = 32;

/** Span.SpanKind by number. UNSPECIFIED (0) reads as INTERNAL: the proto allows receivers to assume so. */
const KINDS: readonly SpanKind[] = ["INTERNAL", "INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER"];
const KIND_NAMES: ReadonlyMap<string, number> = new Map(
  ["UNSPECIFIED", "INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER"].map((name, i) => [
    `SPAN_KIND_${name}`,
    i,
  ]),
);
const STATUS_CODES: readonly StatusCode[] = ["UNSET", "OK", "ERROR"];
const STATUS_NAMES: ReadonlyMap<string, number> = new Map(
  STATUS_CODES.map((code, i) => [`STATUS_CODE_${code}`, i]),
);

/**
 * A Span.SpanKind from its number, or from its name as protobuf's canonical JSON writes it (OTLP/JSON
 * forbids names, but JSON made by generic protobuf libraries carries them). Anything else is a 400.
 */
export function otlpKind(raw: number | string, path: string): SpanKind {
  const code = typeof raw === "string" ? KIND_NAMES.get(raw) : raw;
  const kind = code === undefined ? undefined : KINDS[code];
  if (kind === undefined) throw badRequest(`${path}: expected a SpanKind 0 to 5, got ${describeValue(raw)}`);
  return kind;
}

/** A Status.StatusCode from its number or its name, like `otlpKind`. */
export function otlpStatusCode(raw: number | string, path: string): StatusCode {
  const code = typeof raw === "string" ? STATUS_NAMES.get(raw) : raw;
  const status = code === undefined ? undefined : STATUS_CODES[code];
  if (status === undefined)
    throw badRequest(`${path}: expected a StatusCode 0 to 2, got ${describeValue(raw)}`);
  return status;
}

/** A trace or span id from its hex digits; `shown` is what the sender wrote, for the message. */
export function otlpId(hex: string, path: string, isTraceId: boolean, expected: string, shown = hex): string {
  const result = isTraceId ? normaliseTraceId(hex) : normaliseSpanId(hex);
  if (result.ok) return result.id;
  throw badRequest(`${path}: ${describeValue(shown)} ${result.reason}; expected ${expected}`);
}

const ALL_ZEROS = /^0*$/;

/**
 * A parent span id from its hex digits. Empty means a root (the proto says so); all zeros, an id no span
 * can have, is read as a root too, as Zipkin does.
 */
export function otlpParentId(hex: string, path: string, expected: string, shown = hex): string | undefined {
  return ALL_ZEROS.test(hex) ? undefined : otlpId(hex, path, false, expected, shown);
}

const MAX_MICROS_DIGITS = Math.floor(Number.MAX_SAFE_INTEGER / 10);
const tooLate = (path: string, nanos: string) =>
  badRequest(`${path}: expected unix nanoseconds below 2^53 µs (year 2255), got ${describeValue(nanos)}`);

/**
 * Unix nanoseconds written as decimal digits (how OTLP/JSON writes a fixed64) → rounded integer µs.
 * Digit by digit rather than through Number: nanoseconds since 1970 are past 2^53, µs are not.
 */
export function microsFromNanoDigits(digits: string, path: string): number {
  const end = digits.length;
  if (end === 0 || end > 20)
    throw badRequest(`${path}: expected 1 to 20 digits of nanoseconds, got ${describeValue(digits)}`);
  let micros = 0;
  let rest = 0;
  for (let i = 0; i < end; i++) {
    const digit = digits.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9)
      throw badRequest(`${path}: expected digits of nanoseconds, got ${describeValue(digits)}`);
    if (i < end - 3) {
      if (micros > MAX_MICROS_DIGITS) throw tooLate(path, digits);
      micros = micros * 10 + digit;
    } else rest = rest * 10 + digit;
  }
  // `rest` is the nanoseconds below the last whole microsecond (all of them, for fewer than 4 digits).
  const rounded = micros + (rest >= 500 ? 1 : 0);
  if (rounded > Number.MAX_SAFE_INTEGER) throw tooLate(path, digits);
  return rounded;
}

/** Unix nanoseconds as a JSON number (already rounded to a double by the parser) → integer µs. */
export function microsFromNanoNumber(nanos: number, path: string): number {
  const micros = Math.round(nanos / 1000);
  if (!(micros >= 0))
    throw badRequest(`${path}: expected unix nanoseconds from 0, got ${describeValue(nanos)}`);
  if (micros > Number.MAX_SAFE_INTEGER) throw tooLate(path, String(nanos));
  return micros;
}

/**
 * An unsigned 64-bit count of nanoseconds given as its 32-bit halves (protobuf's fixed64) → rounded µs,
 * exactly: high·2^32 = high·4294967·1000 + high·296, and every partial result is a safe integer.
 */
export function microsFromNanoHalves(high: number, low: number, path: string): number {
  const remainder = high * 296 + low;
  const micros = high * 4294967 + Math.floor(remainder / 1000) + (remainder % 1000 >= 500 ? 1 : 0);
  if (micros > Number.MAX_SAFE_INTEGER)
    throw tooLate(path, (BigInt(high) * 2n ** 32n + BigInt(low)).toString());
  return micros;
}

/** A dropped_*_count the sender reported: worth a warning, never a refusal. */
export function noteDropped(warnings: string[], count: number, what: string): void {
  if (count > 0) warnings.push(`sender dropped ${count} ${what}`);
  // uint32 on the wire; only JSON can say -1, as some converters do for "unknown". It drops nothing.
  else if (count < 0) warnings.push(`negative count of dropped ${what} (${count}) ignored`);
}

/** What the spans of one ResourceSpans/ScopeSpans share. Their objects are shared: treat as immutable. */
export interface OtlpScopeContext {
  serviceName: string;
  resource: Attributes;
  scope: InstrumentationScope | undefined;
  warnings: readonly string[];
}

/** `resource` becomes the spans' resource, `service.name` always in it. */
export function otlpResource(resource: Attributes, droppedAttributes: number): OtlpScopeContext {
  const warnings: string[] = [];
  const name = resource["service.name"];
  let serviceName = UNKNOWN_SERVICE;
  if (typeof name === "string" && name !== "") serviceName = name;
  else {
    warnings.push(`resource has no service.name; set to ${UNKNOWN_SERVICE}`);
    resource["service.name"] = UNKNOWN_SERVICE;
  }
  noteDropped(warnings, droppedAttributes, "resource attributes");
  return { serviceName, resource, scope: undefined, warnings };
}

/** The context of a ScopeSpans: its resource's, plus the instrumentation scope when it names anything. */
export function otlpScope(
  resource: OtlpScopeContext,
  name: string,
  version: string,
  attributes: Attributes,
  droppedAttributes: number,
): OtlpScopeContext {
  const warnings = [...resource.warnings];
  noteDropped(warnings, droppedAttributes, "scope attributes");
  let scope: InstrumentationScope | undefined;
  const hasAttributes = Object.keys(attributes).length > 0;
  if (name !== "" || version !== "" || hasAttributes) {
    scope = { name };
    if (version !== "") scope.version = version;
    if (hasAttributes) scope.attributes = attributes;
  }
  return { ...resource, scope, warnings };
}

/** One span as read from either encoding, ids already normalised, times in µs (0 = not sent). */
export interface OtlpSpanFields {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  traceState: string;
  name: string;
  kind: SpanKind;
  startUs: number;
  endUs: number;
  attributes: Attributes;
  events: SpanEvent[];
  links: SpanLink[];
  status: SpanStatus;
  /** Repairs noticed while reading, such as dropped counts. */
  warnings: string[];
}

/**
 * The canonical span: `peer.service` names the remote service (the collector's Zipkin and Jaeger
 * translators read it so); a W3C tracestate is kept as the attribute `w3c.tracestate`, as the
 * collector's Jaeger translator does; durations come from the two rounded times.
 */
export function otlpSpan(fields: OtlpSpanFields, context: OtlpScopeContext): Span {
  const { attributes, warnings } = fields;
  if (fields.traceState !== "") attributes["w3c.tracestate"] = fields.traceState;
  let { startUs, endUs } = fields;
  if (startUs === 0 && endUs !== 0) {
    warnings.push("start time missing; set to the end time");
    startUs = endUs;
  } else if (endUs === 0 && startUs !== 0) {
    warnings.push("end time missing; duration set to 0");
    endUs = startUs;
  } else if (endUs < startUs) {
    warnings.push(`end time ${endUs - startUs} µs before start time; duration set to 0`);
    endUs = startUs;
  }
  const span: Span = {
    traceId: fields.traceId,
    spanId: fields.spanId,
    name: fields.name,
    kind: fields.kind,
    serviceName: context.serviceName,
    startUs,
    durationUs: endUs - startUs,
    status: fields.status,
    attributes,
    resource: context.resource,
    events: fields.events,
    links: fields.links,
  };
  if (fields.parentSpanId !== undefined) span.parentSpanId = fields.parentSpanId;
  const peer = attributes["peer.service"];
  if (typeof peer === "string" && peer !== "") span.remoteServiceName = peer;
  if (context.scope !== undefined) span.scope = context.scope;
  if (context.warnings.length > 0 || warnings.length > 0) span.warnings = [...context.warnings, ...warnings];
  return span;
}

/** A link keeps its tracestate the way a span does; OTLP links are plain links, not parents. */
export function otlpLink(
  traceId: string,
  spanId: string,
  traceState: string,
  attributes: Attributes,
): SpanLink {
  if (traceState !== "") attributes["w3c.tracestate"] = traceState;
  const link: SpanLink = { traceId, spanId, type: "LINK" };
  if (Object.keys(attributes).length > 0) link.attributes = attributes;
  return link;
}

export function otlpEvent(timeUs: number, name: string, attributes: Attributes): SpanEvent {
  const event: SpanEvent = { timeUs, name };
  if (Object.keys(attributes).length > 0) event.attributes = attributes;
  return event;
}

/** A status message is kept only when there is one; UNSET is left for normaliseSpans to infer. */
export function otlpStatus(code: StatusCode, message: string): SpanStatus {
  return message === "" ? { code } : { code, message };
}

/** Base64, standard or URL-safe, as protobuf's JSON mapping writes bytes (ids, bytesValue). */
export const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
