import { type AttributeValue, ENDPOINT_KEYS, type Span, type SpanKind } from "../model/span";

export interface ZipkinV2Endpoint {
  serviceName?: string;
  ipv4?: string;
  ipv6?: string;
  port?: number;
}

export interface ZipkinV2Annotation {
  timestamp: number;
  value: string;
}

/** A span as Zipkin's `GET /api/v2/trace/{id}` returns it: empty fields are left out, not null. */
export interface ZipkinV2Span {
  traceId: string;
  parentId?: string;
  id: string;
  kind?: Exclude<SpanKind, "INTERNAL">;
  name?: string;
  /** Microseconds since the Unix epoch. */
  timestamp?: number;
  /** Microseconds. */
  duration?: number;
  localEndpoint?: ZipkinV2Endpoint;
  remoteEndpoint?: ZipkinV2Endpoint;
  annotations?: ZipkinV2Annotation[];
  tags?: Record<string, string>;
  debug?: true;
  shared?: true;
}

/** The `ENDPOINT_KEYS` attributes that go back into endpoints instead of tags, when well-typed. */
const ADDRESS_KEYS = new Map<string, (value: AttributeValue) => boolean>([
  [ENDPOINT_KEYS.localIpv4, isIp],
  [ENDPOINT_KEYS.localIpv6, isIp],
  [ENDPOINT_KEYS.localPort, isPort],
  [ENDPOINT_KEYS.remoteIpv4, isIp],
  [ENDPOINT_KEYS.remoteIpv6, isIp],
  [ENDPOINT_KEYS.remotePort, isPort],
]);

/**
 * Encodes canonical spans as Zipkin v2 JSON, the inverse of `decodeZipkinV2`, with keys in the order
 * Zipkin writes them. Never mutates `spans`.
 */
export function encodeZipkinV2(spans: Span[]): ZipkinV2Span[] {
  return spans.map(encodeSpan);
}

function encodeSpan(span: Span): ZipkinV2Span {
  const out: Partial<ZipkinV2Span> = { traceId: span.traceId };
  if (span.parentSpanId !== undefined) out.parentId = span.parentSpanId;
  out.id = span.spanId;
  if (span.kind !== "INTERNAL") out.kind = span.kind;
  if (span.name !== "") out.name = span.name;
  // Zipkin writes neither a zero timestamp nor a zero duration: both mean "unknown" there.
  if (span.startUs > 0) out.timestamp = span.startUs;
  if (span.durationUs > 0) out.duration = span.durationUs;
  const { attributes } = span;
  const local = endpoint(
    span.serviceName,
    attributes[ENDPOINT_KEYS.localIpv4],
    attributes[ENDPOINT_KEYS.localIpv6],
    attributes[ENDPOINT_KEYS.localPort],
  );
  const remote = endpoint(
    span.remoteServiceName,
    attributes[ENDPOINT_KEYS.remoteIpv4],
    attributes[ENDPOINT_KEYS.remoteIpv6],
    attributes[ENDPOINT_KEYS.remotePort],
  );
  if (local !== undefined) out.localEndpoint = local;
  if (remote !== undefined) out.remoteEndpoint = remote;
  if (span.events.length > 0) out.annotations = annotations(span);
  const tags = tagsOf(span);
  if (tags !== undefined) out.tags = tags;
  if (span.debug) out.debug = true;
  if (span.shared) out.shared = true;
  return out as ZipkinV2Span;
}

function endpoint(
  serviceName: string | undefined,
  ipv4: AttributeValue | undefined,
  ipv6: AttributeValue | undefined,
  port: AttributeValue | undefined,
): ZipkinV2Endpoint | undefined {
  const out: ZipkinV2Endpoint = {};
  if (serviceName) out.serviceName = serviceName;
  if (isIp(ipv4)) out.ipv4 = ipv4;
  if (isIp(ipv6)) out.ipv6 = ipv6;
  if (isPort(port)) out.port = port;
  return Object.keys(out).length > 0 ? out : undefined;
}

// An address attribute of another type (from another wire format, say) stays a tag rather than being lost.
function isIp(value: AttributeValue | undefined): value is string {
  return typeof value === "string" && value !== "";
}

function isPort(value: AttributeValue | undefined): value is number {
  return typeof value === "number" && Number.isInteger(value) && value > 0 && value <= 65535;
}

/** Sorted and de-duplicated by (timestamp, value), as Zipkin stores annotations. */
function annotations(span: Span): ZipkinV2Annotation[] {
  const sorted = span.events
    .map((event) => ({ timestamp: event.timeUs, value: event.name }))
    .sort((a, b) => a.timestamp - b.timestamp || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return sorted.filter(
    (a, i) => i === 0 || a.timestamp !== sorted[i - 1]?.timestamp || a.value !== sorted[i - 1]?.value,
  );
}

function tagsOf(span: Span): Record<string, string> | undefined {
  const tags: Record<string, string> = {};
  let empty = true;
  for (const [key, value] of Object.entries(span.attributes)) {
    if (ADDRESS_KEYS.get(key)?.(value)) continue;
    tags[key] =
      typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
    empty = false;
  }
  // Zipkin has no status: a failure is the `error` tag, holding the message when there is one,
  // unless the tags already say it as the OTel exporter wrote it.
  if (span.status.code === "ERROR" && tags.error === undefined && tags["otel.status_code"] !== "ERROR") {
    tags.error = span.status.message ?? "";
    empty = false;
  }
  return empty ? undefined : tags;
}
