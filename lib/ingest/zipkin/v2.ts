import { badRequest, describeType } from "../../errors";
import { normaliseSpanId, normaliseTraceId } from "../../model/ids";
import {
  type Attributes,
  ENDPOINT_KEYS,
  type Span,
  type SpanEvent,
  type SpanKind,
  UNKNOWN_SERVICE,
} from "../../model/span";
import {
  expectObject,
  type JsonObject,
  readBoolean,
  readMicros,
  readNumber,
  readObject,
  readObjects,
  readString,
  setAttribute,
  toId,
  wrongType,
  wrongValue,
} from "../shared/fields";

const REQUIRED = { required: true } as const;
const ZIPKIN_KINDS: ReadonlySet<string> = new Set(["CLIENT", "SERVER", "PRODUCER", "CONSUMER"]);
const ALL_ZEROS = /^0+$/;

interface AddressKeys {
  ipv4: string;
  ipv6: string;
  port: string;
}
const { localIpv4, localIpv6, localPort, remoteIpv4, remoteIpv6, remotePort } = ENDPOINT_KEYS;
const LOCAL: AddressKeys = { ipv4: localIpv4, ipv6: localIpv6, port: localPort };
const REMOTE: AddressKeys = { ipv4: remoteIpv4, ipv6: remoteIpv6, port: remotePort };

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
  const spans: Span[] = new Array(body.length);
  let untimed = 0;
  for (let i = 0; i < body.length; i++) {
    const span = decodeSpan(body[i], `span[${i}]`);
    spans[i] = span;
    if (Number.isNaN(span.startUs)) untimed++;
  }
  return { spans: untimed > 0 ? resolveFragments(spans) : spans };
}

/**
 * A span with no timestamp and no annotation is a fragment of a span reported elsewhere: v1-era
 * servers left the timestamp to the client that owned the span. As Zipkin's UI does, a fragment
 * from the same service as a timed span with its id is merged into that span. Any other fragment
 * is placed, in order of preference, at the earliest start of the spans with its id in this
 * request, at the start of its trace in this request, and only then at the receive time: the
 * receive time would stretch an old trace to today.
 */
function resolveFragments(spans: Span[]): Span[] {
  const timedById = new Map<string, Span[]>();
  const traceStartUs = new Map<string, number>();
  for (const span of spans) {
    if (Number.isNaN(span.startUs)) continue;
    const id = `${span.traceId}/${span.spanId}`;
    timedById.set(id, [...(timedById.get(id) ?? []), span]);
    traceStartUs.set(span.traceId, Math.min(traceStartUs.get(span.traceId) ?? span.startUs, span.startUs));
  }
  const receivedUs = Date.now() * 1000;
  const kept: Span[] = [];
  for (const span of spans) {
    if (!Number.isNaN(span.startUs)) {
      kept.push(span);
      continue;
    }
    const sameId = timedById.get(`${span.traceId}/${span.spanId}`) ?? [];
    const owner = sameId.find((timed) => timed.serviceName === span.serviceName);
    if (owner) {
      mergeFragment(owner, span);
      continue;
    }
    const sameTraceUs = traceStartUs.get(span.traceId);
    const [startUs, source] =
      sameId.length > 0
        ? [Math.min(...sameId.map((timed) => timed.startUs)), "the span with the same id"]
        : sameTraceUs !== undefined
          ? [sameTraceUs, "the start of its trace"]
          : [receivedUs, "the receive time"];
    span.startUs = startUs;
    span.warnings = [...(span.warnings ?? []), `timestamp missing; set to ${source} (${startUs})`];
    kept.push(span);
  }
  return kept;
}

/** The timed span keeps its own values; the fragment adds what the timed span lacks. */
function mergeFragment(owner: Span, fragment: Span): void {
  owner.attributes = { ...fragment.attributes, ...owner.attributes };
  owner.events = [...owner.events, ...fragment.events];
  owner.remoteServiceName ??= fragment.remoteServiceName;
  if (owner.remoteServiceName === undefined) delete owner.remoteServiceName;
  owner.warnings = [
    ...(owner.warnings ?? []),
    "merged with a fragment of the same span that had no timestamp",
  ];
}

function decodeSpan(value: unknown, path: string): Span {
  const json = expectObject(value, path);
  const warnings: string[] = [];

  const traceId = toId(readString(json, "traceId", path, REQUIRED), `${path}.traceId`, normaliseTraceId);
  const spanId = toId(readString(json, "id", path, REQUIRED), `${path}.id`, normaliseSpanId);
  // Zipkin's own model reads an all-zero parent as "no parent": some tracers write it on roots.
  const rawParentId = readString(json, "parentId", path);
  const parentSpanId =
    rawParentId === undefined || ALL_ZEROS.test(rawParentId)
      ? undefined
      : toId(rawParentId, `${path}.parentId`, normaliseSpanId);

  const rawKind = readString(json, "kind", path);
  if (rawKind !== undefined && !ZIPKIN_KINDS.has(rawKind)) {
    throw wrongValue(`${path}.kind`, "CLIENT, SERVER, PRODUCER or CONSUMER", rawKind);
  }
  const kind = (rawKind ?? "INTERNAL") as SpanKind;

  const events = readAnnotations(json, path);
  let startUs = readMicros(json, "timestamp", path);
  // Zipkin writes 0 for "unknown"; a span reported in fragments may carry no timestamp at all.
  // NaN marks "still unknown" until placeUntimedSpans has seen the whole request.
  if (startUs === undefined || startUs === 0) {
    startUs = earliestTimeUs(events) ?? Number.NaN;
    if (!Number.isNaN(startUs))
      warnings.push(`timestamp missing; set to the earliest annotation (${startUs})`);
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

function readAnnotations(json: JsonObject, path: string): SpanEvent[] {
  return readObjects(json, "annotations", path, (annotation, annotationPath) => ({
    timeUs: readMicros(annotation, "timestamp", annotationPath, REQUIRED),
    name: readString(annotation, "value", annotationPath, REQUIRED),
  }));
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
    if (typeof value === "string") setAttribute(attributes, key, value);
    else if (typeof value === "number" || typeof value === "boolean")
      setAttribute(attributes, key, String(value));
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
