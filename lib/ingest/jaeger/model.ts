import type { Attributes, AttributeValue, Span, SpanEvent, SpanKind, SpanLink } from "../../model/span";
import { UNKNOWN_SERVICE } from "../../model/span";
import { setAttribute } from "../shared/fields";

/**
 * The mapping from Jaeger's span model to the canonical one, shared by the Thrift and the JSON
 * decoders: each reads its wire form into these parts, with ids already normalised and tag values
 * already typed, and the rules below are then the same. They follow Jaeger's own converters and the
 * OpenTelemetry Jaeger receiver.
 */

/** A Jaeger tag or log field with its value typed as an attribute. */
export interface Tag {
  key: string;
  value: AttributeValue;
  /** A BINARY tag, its value base64: bytes that name no service even under `peer.service`. */
  binary?: true;
}

export interface Reference {
  type: "CHILD_OF" | "FOLLOWS_FROM";
  traceId: string;
  spanId: string;
}

/** A Jaeger process: the service and the process tags, which are what OTel calls the resource. */
export interface Process {
  serviceName: string;
  /** The process tags with `service.name`. */
  resource: Attributes;
  warnings: string[];
}

export interface SpanParts {
  traceId: string;
  spanId: string;
  /** Thrift's `parentSpanId`; JSON has only references. */
  parentSpanId?: string;
  name: string;
  references: Reference[];
  flags: number;
  startUs: number;
  durationUs: number;
  tags: Tag[];
  events: SpanEvent[];
  warnings: string[];
}

// OpenTracing's span.kind values; OTel's receiver reads "internal" too, which OTel exporters write.
const KINDS: ReadonlyMap<AttributeValue, SpanKind> = new Map<AttributeValue, SpanKind>([
  ["client", "CLIENT"],
  ["server", "SERVER"],
  ["producer", "PRODUCER"],
  ["consumer", "CONSUMER"],
  ["internal", "INTERNAL"],
]);
// Jaeger's flags bit field: 1 is "sampled", 2 is "debug" (force-sampled).
const DEBUG_FLAG = 2;

export function toProcess(serviceName: string | undefined, tags: Tag[], path: string): Process {
  const resource: Attributes = {};
  for (const tag of tags) resource[tag.key] = tag.value;
  const warnings: string[] = [];
  let service = serviceName;
  if (!service) {
    service = UNKNOWN_SERVICE;
    warnings.push(`${path}.serviceName missing; set to ${UNKNOWN_SERVICE}`);
  }
  resource["service.name"] = service;
  return { serviceName: service, resource, warnings };
}

/**
 * A Jaeger log is an OTel event: as the OTel receiver does, its `event` field names it and the other
 * fields are its attributes; a log without one is an event with an empty name.
 */
export function toEvent(timeUs: number, fields: Tag[]): SpanEvent {
  let name: string | undefined;
  const attributes: Attributes = {};
  for (const { key, value } of fields) {
    if (key === "event" && typeof value === "string" && name === undefined) name = value;
    else setAttribute(attributes, key, value);
  }
  const event: SpanEvent = { timeUs, name: name ?? "" };
  if (fields.length > (name === undefined ? 0 : 1)) event.attributes = attributes;
  return event;
}

/**
 * The parent is Thrift's `parentSpanId`, else the first CHILD_OF reference within the trace, else
 * the first FOLLOWS_FROM one: Jaeger's own model, its UI and jaeger-client (which writes a
 * FOLLOWS_FROM target as `parentSpanId`) all hang a follower under the span it follows. Every other
 * reference is a link. A CHILD_OF reference to the parent is not repeated as a link (Thrift senders
 * often write both); a FOLLOWS_FROM one is kept, as it says how the two relate.
 */
export function toSpan(parts: SpanParts, process: Process): Span {
  let parentSpanId = parts.parentSpanId;
  if (parentSpanId === undefined) {
    let followed: string | undefined;
    for (const ref of parts.references) {
      if (ref.traceId !== parts.traceId) continue;
      if (ref.type === "CHILD_OF") {
        parentSpanId = ref.spanId;
        break;
      }
      followed ??= ref.spanId;
    }
    parentSpanId ??= followed;
  }
  const links: SpanLink[] = [];
  let parentSeen = false;
  for (const ref of parts.references) {
    const isParent =
      !parentSeen && ref.type === "CHILD_OF" && ref.spanId === parentSpanId && ref.traceId === parts.traceId;
    if (isParent) parentSeen = true;
    else links.push({ traceId: ref.traceId, spanId: ref.spanId, type: ref.type });
  }

  const span: Span = {
    traceId: parts.traceId,
    spanId: parts.spanId,
    name: parts.name,
    kind: "INTERNAL",
    serviceName: process.serviceName,
    startUs: parts.startUs,
    durationUs: parts.durationUs,
    status: { code: "UNSET" },
    attributes: {},
    resource: { ...process.resource },
    events: parts.events,
    links,
  };
  if (parentSpanId !== undefined) span.parentSpanId = parentSpanId;
  applyTags(span, parts.tags);
  if ((parts.flags & DEBUG_FLAG) !== 0) span.debug = true;
  const warnings = process.warnings.length > 0 ? [...parts.warnings, ...process.warnings] : parts.warnings;
  if (warnings.length > 0) span.warnings = warnings;
  return span;
}

/**
 * Tags that the canonical model holds in fields of its own leave the attributes: `span.kind` (an
 * unknown value stays, as the kind cannot hold it) and the OTel scope, old and new keys, the new
 * winning. `peer.service` names the remote service and stays, as OTel keeps it. `error` and
 * `otel.status_*` stay: normaliseSpans reads the status from them.
 */
function applyTags(span: Span, tags: Tag[]): void {
  let scopeName: string | undefined;
  let scopeVersion: string | undefined;
  let libraryName: string | undefined;
  let libraryVersion: string | undefined;
  for (const { key, value, binary } of tags) {
    switch (key) {
      case "span.kind": {
        const kind = KINDS.get(value);
        if (kind === undefined) break;
        span.kind = kind;
        continue;
      }
      case "otel.scope.name":
        scopeName = String(value);
        continue;
      case "otel.scope.version":
        scopeVersion = String(value);
        continue;
      case "otel.library.name":
        libraryName = String(value);
        continue;
      case "otel.library.version":
        libraryVersion = String(value);
        continue;
      case "peer.service":
        if (typeof value === "string" && value !== "" && !binary) span.remoteServiceName = value;
        break;
    }
    setAttribute(span.attributes, key, value);
  }
  const name = scopeName ?? libraryName;
  const version = scopeVersion ?? libraryVersion;
  if (name !== undefined || version !== undefined) {
    span.scope = version === undefined ? { name: name ?? "" } : { name: name ?? "", version };
  }
}
