import { badRequest } from "../../errors";
import type { Span, SpanEvent, SpanLink } from "../../model/span";
import {
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
} from "./mapping";
import {
  type Int64,
  otlpRequestType,
  type ProtoEvent,
  type ProtoLink,
  type ProtoResourceSpans,
  type ProtoScopeSpans,
  type ProtoSpan,
} from "./proto-schema";
import { readAttributes } from "./proto-values";

/**
 * Decodes the protobuf body of OTLP/HTTP `POST /v1/traces` (Content-Type application/x-protobuf), an
 * ExportTraceServiceRequest (TracesData has the same wire form), into canonical spans. Paths in
 * messages use the OTLP/JSON names (`resourceSpans[0].scopeSpans[1].spans[4].traceId`), so a
 * refusal reads the same in both encodings. Never mutates `body`.
 */
export function decodeOtlpProto(body: Buffer): { spans: Span[] } {
  let resourceSpans: ProtoResourceSpans[];
  try {
    resourceSpans = (otlpRequestType().decode(body) as unknown as { resourceSpans: ProtoResourceSpans[] })
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
  return { spans };
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
