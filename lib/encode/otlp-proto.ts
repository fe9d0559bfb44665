import { otlpRequestType } from "../ingest/otlp/proto-schema";
import type { Span } from "../model/span";
import { encodeOtlpJson, type OtlpLink, type OtlpSpan } from "./otlp-json";

/**
 * Canonical spans as an OTLP protobuf TracesData (the wire form of an ExportTraceServiceRequest, and
 * of Tempo's `Trace` message, whose fields are OTLP's): the OTLP/JSON encoding with its hex ids as
 * bytes, through the same schema the OTLP decoder reads, so decoding gives back what encodeOtlpJson
 * writes.
 */
export function encodeOtlpProto(spans: Span[]): Uint8Array {
  const data = encodeOtlpJson(spans);
  const resourceSpans = data.resourceSpans.map((resource) => ({
    ...resource,
    scopeSpans: resource.scopeSpans.map((scope) => ({ ...scope, spans: scope.spans.map(protoSpan) })),
  }));
  const type = otlpRequestType();
  return type.encode(type.fromObject({ resourceSpans })).finish();
}

const bytes = (hex: string) => Buffer.from(hex, "hex");

function protoSpan(span: OtlpSpan) {
  return {
    ...span,
    traceId: bytes(span.traceId),
    spanId: bytes(span.spanId),
    ...(span.parentSpanId ? { parentSpanId: bytes(span.parentSpanId) } : {}),
    ...(span.links ? { links: span.links.map(protoLink) } : {}),
  };
}

function protoLink(link: OtlpLink) {
  return { ...link, traceId: bytes(link.traceId), spanId: bytes(link.spanId) };
}
