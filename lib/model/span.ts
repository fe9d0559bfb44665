/**
 * The one span model. Every decoder produces it, everything downstream of lib/ingest reads it,
 * and nothing after the decoders knows which wire format a span arrived in.
 *
 * OTel-shaped, with what Zipkin, Jaeger and Datadog carry that OTel lacks made explicit:
 * - times are integer microseconds since the Unix epoch (`startUs`) and integer microseconds of
 *   length (`durationUs`): every peer's precision fits, and they stay exact in a JS number;
 * - ids are lower-case hex: `traceId` is 16 hex (64-bit) or 32 hex (128-bit), span ids 16 hex;
 * - `shared` marks Zipkin's server half of a span id shared by a client and a server, so that both
 *   halves are kept: a span is identified by (traceId, spanId, shared).
 */

export const SPAN_KINDS = ["SERVER", "CLIENT", "PRODUCER", "CONSUMER", "INTERNAL"] as const;
export type SpanKind = (typeof SPAN_KINDS)[number];

export const STATUS_CODES = ["UNSET", "OK", "ERROR"] as const;
export type StatusCode = (typeof STATUS_CODES)[number];

/** Attribute values as OTel defines them; 64-bit integers beyond 2^53 arrive as decimal strings. */
export type AttributeValue = string | number | boolean | AttributeValue[] | { [key: string]: AttributeValue };
export type Attributes = Record<string, AttributeValue>;

const UNSAFE_INT64 = /^-?[1-9]\d{15,18}$/;

/**
 * Whether a string attribute is such an int64: canonical decimal digits, past ±(2^53 − 1), within 64
 * bits. Encoders write it back as an integer; a zero-padded or out-of-range string stays a string.
 */
export function isUnsafeInt64(value: string): boolean {
  if (!UNSAFE_INT64.test(value)) return false;
  const bits = BigInt(value);
  return BigInt.asIntN(64, bits) === bits && !Number.isSafeInteger(Number(value));
}

export interface SpanStatus {
  code: StatusCode;
  message?: string;
}

/** An annotation (Zipkin), a log (Jaeger) or an event (OTel): something that happened at a time. */
export interface SpanEvent {
  timeUs: number;
  name: string;
  attributes?: Attributes;
}

/**
 * A relation to another span: Jaeger references beyond the parent, OTel links. The parent itself is
 * `parentSpanId`, never a link.
 */
export interface SpanLink {
  traceId: string;
  spanId: string;
  type: "CHILD_OF" | "FOLLOWS_FROM" | "LINK";
  attributes?: Attributes;
}

/** The instrumentation library that produced the span (OTel scope, Zipkin `lc`-less, Jaeger `otel.library.*`). */
export interface InstrumentationScope {
  name: string;
  version?: string;
  attributes?: Attributes;
}

export interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: SpanKind;
  serviceName: string;
  /** The service on the other side of a CLIENT/PRODUCER call, or of a SERVER/CONSUMER one. */
  remoteServiceName?: string;
  startUs: number;
  durationUs: number;
  status: SpanStatus;
  /** Span tags. Zipkin endpoint addresses live here under the keys of `ENDPOINT_KEYS`. */
  attributes: Attributes;
  /** Process tags (Jaeger) or resource attributes (OTel), `service.name` included. */
  resource: Attributes;
  events: SpanEvent[];
  links: SpanLink[];
  scope?: InstrumentationScope;
  /** Zipkin: the server half of a span id shared with its client. */
  shared?: boolean;
  /** Zipkin: the span was force-sampled. */
  debug?: boolean;
  /** What a decoder repaired on the way in, shown with the span. */
  warnings?: string[];
}

/**
 * Where Zipkin endpoint addresses live in `attributes`. These are the OpenTelemetry network
 * conventions the OTel Zipkin exporter and receiver already use, so addresses from every format meet
 * under the same keys; the IPv6 keys carry the second address of a Zipkin endpoint that has both.
 */
export const ENDPOINT_KEYS = {
  localIpv4: "net.host.ip",
  localIpv6: "net.host.ipv6",
  localPort: "net.host.port",
  remoteIpv4: "net.peer.ip",
  remoteIpv6: "net.peer.ipv6",
  remotePort: "net.peer.port",
} as const;

/** Where a span sits in the store and in a trace: both halves of a shared id are distinct spans. */
export function spanKey(span: Pick<Span, "spanId" | "shared">): string {
  return span.shared ? `${span.spanId}:shared` : span.spanId;
}

/** An attribute value as text: strings as they are, numbers and booleans by their text ("200", "true"), the rest as JSON. */
export function attributeText(value: AttributeValue): string {
  return typeof value === "string"
    ? value
    : typeof value === "object"
      ? JSON.stringify(value)
      : String(value);
}

export const UNKNOWN_SERVICE = "unknown_service";

/**
 * What one span may carry: enforced once, at the door (lib/ingest/door/normalise.ts), so that everything
 * downstream relies on it; README's "Limits" says what happens past each.
 *
 * Times: start and event times are whole µs in [0, MAX_TIME_US] (2^52 µs after the epoch is in the
 * year 2112) and durations in [0, MAX_DURATION_US], so an end time (start + duration) stays below
 * 2^53 and every sum and difference of stored times is exact. A year is longer than any span a
 * tracer reports (a batch job, a long-lived stream), so a longer one is a broken clock or encoder.
 *
 * Lengths are JS string lengths (UTF-16 code units), each at most 3 bytes of UTF-8. The names that
 * become index entries are sized for PostgreSQL's limit on one (2,704 bytes in a btree, 2,712 in a
 * GIN index; measured: a service name of 256 and a span name of 620 random 3-byte characters fit in
 * `service_operations`' key, 700 do not): service names (every service-keyed table), span names
 * (with the service in `service_operations` and `operation_latency`), attribute keys and event names
 * (search terms, lib/search/terms.ts).
 */
export const MAX_TIME_US = 2 ** 52 - 1;
export const MAX_DURATION_US = 365 * 86_400_000_000;
/** Service and remote service names, and the graph's node names made from attributes. */
export const MAX_SERVICE_NAME_LENGTH = 256;
export const MAX_SPAN_NAME_LENGTH = 512;
/** Attribute keys everywhere (span, resource, event, link, scope) and event names. */
export const MAX_KEY_LENGTH = 256;
/** Every other string: attribute values (nested ones too), status message, scope name and version. */
export const MAX_TEXT_LENGTH = 65_536;
/**
 * Entries of one attribute map or array value, events and links per span. Real SDKs keep 128 of
 * each by default (OTel's span limits), so these are a generous 8 times that.
 */
export const MAX_ATTRIBUTES = 1024;
export const MAX_EVENTS = 1024;
export const MAX_LINKS = 1024;
