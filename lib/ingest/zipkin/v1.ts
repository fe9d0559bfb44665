import type { Span } from "../../model/span";
import { UNKNOWN_SERVICE } from "../../model/span";
import { toZipkinV2 } from "./v1-convert";
import { readZipkinV1Json } from "./v1-json";
import type { V1Span } from "./v1-model";
import type { V2Span } from "./v1-split";
import { readZipkinV1Thrift } from "./v1-thrift";
import { decodeZipkinV2 } from "./v2";

/**
 * Decodes the JSON body of Zipkin's `POST /api/v1/spans`, an array of v1 spans, into canonical spans.
 * The first field that cannot be understood refuses the whole body with a 400 naming it by its v1
 * path (`span[2].binaryAnnotations[1].endpoint.port`). Never mutates `body`.
 */
export function decodeZipkinV1Json(body: unknown): { spans: Span[] } {
  return decodeZipkinV1Spans(readZipkinV1Json(body));
}

/**
 * Decodes the Thrift body of Zipkin's `POST /api/v1/spans` (Content-Type application/x-thrift), a
 * TBinaryProtocol `list<zipkincore.Span>`, into canonical spans. Refusals name the field by its IDL
 * path (`span[2].binary_annotations[1].host.port`). Never mutates `body`.
 */
export function decodeZipkinV1Thrift(body: Buffer): { spans: Span[] } {
  return decodeZipkinV1Spans(readZipkinV1Thrift(body));
}

/**
 * Turns v1 spans, as a reader checked them, into canonical ones: each is split into v2 spans by Zipkin's
 * rules (zipkin-v1-convert) and those go through the v2 decoder, so one mapping serves every Zipkin
 * format, the Jaeger agent's `emitZipkinBatch` included.
 */
export function decodeZipkinV1Spans(v1Spans: V1Span[]): { spans: Span[] } {
  const v2Spans: V2Span[] = [];
  for (const span of v1Spans) toZipkinV2(span, v2Spans);
  const { spans } = decodeZipkinV2(v2Spans);
  addWarnings(v2Spans, spans);
  return { spans };
}

/**
 * The v2 decoder reads only v2 fields, so the conversion's warnings are matched back by what
 * identifies a converted span: its ids, its half (shared or not) and its service.
 */
function addWarnings(v2Spans: V2Span[], spans: Span[]): void {
  let byKey: Map<string, string[]> | undefined;
  for (const v2 of v2Spans) {
    if (v2.warnings === undefined) continue;
    byKey ??= new Map();
    const serviceName = v2.localEndpoint?.serviceName || UNKNOWN_SERVICE;
    byKey.set(spanKey(v2.traceId, v2.id, v2.shared === true, serviceName), v2.warnings);
  }
  if (byKey === undefined) return;
  for (const span of spans) {
    const warnings = byKey.get(spanKey(span.traceId, span.spanId, span.shared === true, span.serviceName));
    if (warnings !== undefined) span.warnings = [...(span.warnings ?? []), ...warnings];
  }
}

const spanKey = (traceId: string, spanId: string, shared: boolean, serviceName: string) =>
  `${traceId}/${spanId}/${shared}/${serviceName}`;
