import { badRequest } from "../errors";
import { type IdResult, normaliseSpanId, normaliseTraceId } from "../model/ids";
import {
  type Attributes,
  ENDPOINT_KEYS,
  type Span,
  type SpanEvent,
  type SpanKind,
  UNKNOWN_SERVICE,
} from "../model/span";
import {
  describeType,
  describeValue,
  expectObject,
  type JsonObject,
  readArray,
  readBoolean,
  readNumber,
  readObject,
  readString,
  wrongType,
  wrongValue,
} from "./fields";
import { normaliseSpans } from "./normalise";

const REQUIRED = { required: true } as const;
const ZIPKIN_KINDS: ReadonlySet<string> = new Set(["CLIENT", "SERVER", "PRODUCER", "CONSUMER"]);
const ALL_ZEROS = /^0+$/;

interface AddressKeys {
  ipv4: string;
  ipv6: string;
  port: string;
}
const LOCAL: AddressKeys = {
  ipv4: ENDPOINT_KEYS.localIpv4,
  ipv6: ENDPOINT_KEYS.localIpv6,
  port: ENDPOINT_KEYS.localPort,
};
const REMOTE: AddressKeys = {
  ipv4: ENDPOINT_KEYS.remoteIpv4,
  ipv6: ENDPOINT_KEYS.remoteIpv6,
  port: ENDPOINT_KEYS.remotePort,
};

/**
 * Decodes the body of Zipkin's `POST /api/v2/spans`, a JSON array of v2 spans, into canonical spans.
 * Zipkin times are already integer microseconds. The first span that cannot be understood refuses the
 * whole body with a 400 naming it (`span[3].traceId: …`), as Zipkin's own collector does. Never
 * mutates `body`.
 */
export function decodeZipkinV2(body: unknown): { spans: Span[] } {
  if (!Array.isArray(body)) {
    throw badRequest(`expected a JSON array of Zipkin v2 spans, got ${describeType(body)}`);
  }
  // One receive time per request, so that spans repaired with it still line up with each other.
  const receivedUs = Date.now() * 1000;
  const spans: Span[] = new Array(body.length);
  for (let i = 0; i < body.length; i++) spans[i] = decodeSpan(body[i], `span[${i}]`, receivedUs);
  return { spans: normaliseSpans(spans) };
}

function decodeSpan(value: unknown, path: string, receivedUs: number): Span {
  const json = expectObject(value, path);
  const warnings: string[] = [];

  const traceId = toId(readString(json, "traceId", path, REQUIRED), `${path}.traceId`, normaliseTraceId, 32);
  const spanId = toId(readString(json, "id", path, REQUIRED), `${path}.id`, normaliseSpanId, 16);
  // Zipkin's own model reads an all-zero parent as "no parent": some tracers write it on roots.
  const rawParentId = readString(json, "parentId", path);
  const parentSpanId =
    rawParentId === undefined || ALL_ZEROS.test(rawParentId)
      ? undefined
      : toId(rawParentId, `${path}.parentId`, normaliseSpanId, 16);

  const rawKind = readString(json, "kind", path);
  if (rawKind !== undefined && !ZIPKIN_KINDS.has(rawKind)) {
    throw wrongValue(`${path}.kind`, "CLIENT, SERVER, PRODUCER or CONSUMER", rawKind);
  }
  const kind = (rawKind ?? "INTERNAL") as SpanKind;

  const events = readAnnotations(json, path);
  let startUs = readMicros(json, "timestamp", path);
  // Zipkin writes 0 for "unknown"; a span reported in fragments may carry no timestamp at all.
  if (startUs === undefined || startUs === 0) {
    const earliest = earliestTimeUs(events);
    startUs = earliest ?? receivedUs;
    const source = earliest === undefined ? "the receive time" : "the earliest annotation";
    warnings.push(`timestamp missing; set to ${source} (${startUs})`);
  }
  // Zipkin omits the duration it does not know, e.g. for a span that never finished.
  const durationUs = readMicros(json, "duration", path) ?? 0;

  const attributes: Attributes = {};
  const tags = readObject(json, "tags", path);
  if (tags !== undefined) readTags(tags, `${path}.tags`, attributes);
  const local = readEndpoint(json, "localEndpoint", path, LOCAL, attributes);
  const remote = readEndpoint(json, "remoteEndpoint", path, REMOTE, attributes);
  const serviceName = local || UNKNOWN_SERVICE;
  if (!local) warnings.push(`localEndpoint.serviceName missing; set to ${UNKNOWN_SERVICE}`);

  const span: Span = {
    traceId,
    spanId,
    name: readString(json, "name", path) ?? "",
    kind,
    serviceName,
    startUs,
    durationUs,
    status: { code: "UNSET" },
    attributes,
    resource: { "service.name": serviceName },
    events,
    links: [],
  };
  if (parentSpanId !== undefined) span.parentSpanId = parentSpanId;
  if (remote) span.remoteServiceName = remote;
  if (readBoolean(json, "debug", path) === true) span.debug = true;
  if (readBoolean(json, "shared", path) === true) span.shared = true;
  if (warnings.length > 0) span.warnings = warnings;
  return span;
}

function toId(raw: string, path: string, normalise: (raw: string) => IdResult, maxDigits: number): string {
  const result = normalise(raw);
  if (result.ok) return result.id;
  throw badRequest(`${path}: ${describeValue(raw)} ${result.reason}; expected 1-${maxDigits} hex digits`);
}

/** Integer microseconds; some reporters write floats such as 1.559594222395e+15. */
function readMicros(json: JsonObject, key: string, path: string): number | undefined {
  const value = readNumber(json, key, path);
  if (value === undefined) return undefined;
  if (value < 0) throw wrongValue(`${path}.${key}`, "a non-negative number of microseconds", value);
  return Math.round(value);
}

function readAnnotations(json: JsonObject, path: string): SpanEvent[] {
  const annotations = readArray(json, "annotations", path);
  if (annotations === undefined) return [];
  const events: SpanEvent[] = new Array(annotations.length);
  for (let i = 0; i < annotations.length; i++) {
    const annotationPath = `${path}.annotations[${i}]`;
    const annotation = expectObject(annotations[i], annotationPath);
    const timestamp = readNumber(annotation, "timestamp", annotationPath, REQUIRED);
    if (timestamp < 0) {
      throw wrongValue(`${annotationPath}.timestamp`, "a non-negative number of microseconds", timestamp);
    }
    events[i] = {
      timeUs: Math.round(timestamp),
      name: readString(annotation, "value", annotationPath, REQUIRED),
    };
  }
  return events;
}

function earliestTimeUs(events: SpanEvent[]): number | undefined {
  let earliest: number | undefined;
  for (const event of events) if (earliest === undefined || event.timeUs < earliest) earliest = event.timeUs;
  return earliest;
}

/** Zipkin tags are strings; numbers and booleans from lax reporters are kept in their string form. */
function readTags(tags: JsonObject, path: string, attributes: Attributes): void {
  for (const key of Object.keys(tags)) {
    const value = tags[key];
    if (typeof value === "string") attributes[key] = value;
    else if (typeof value === "number" || typeof value === "boolean") attributes[key] = String(value);
    else throw wrongType(`${path}.${key}`, "a string", value);
  }
}

/**
 * Puts the endpoint's addresses into `attributes` (after the tags: the endpoint is where Zipkin
 * defines them) and returns its non-empty service name.
 */
function readEndpoint(
  json: JsonObject,
  key: string,
  path: string,
  keys: AddressKeys,
  attributes: Attributes,
): string | undefined {
  const endpoint = readObject(json, key, path);
  if (endpoint === undefined) return undefined;
  const endpointPath = `${path}.${key}`;
  const ipv4 = readString(endpoint, "ipv4", endpointPath);
  if (ipv4) attributes[keys.ipv4] = ipv4;
  const ipv6 = readString(endpoint, "ipv6", endpointPath);
  if (ipv6) attributes[keys.ipv6] = ipv6;
  const port = readNumber(endpoint, "port", endpointPath);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw wrongValue(`${endpointPath}.port`, "an integer from 0 to 65535", port);
  }
  // Port 0 is Zipkin's "unknown".
  if (port) attributes[keys.port] = port;
  return readString(endpoint, "serviceName", endpointPath) || undefined;
}
