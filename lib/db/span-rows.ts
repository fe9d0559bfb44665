import type {
  Attributes,
  InstrumentationScope,
  Span,
  SpanEvent,
  SpanKind,
  SpanLink,
  StatusCode,
} from "../model/span";
import type { Span as SpanRow } from "./generated/client";

/** The stored row back as the canonical span; optional fields absent rather than null. */
export function fromRow(row: Omit<SpanRow, "searchTerms">): Span {
  const span: Span = {
    traceId: row.traceId,
    spanId: row.spanId,
    name: row.name,
    kind: row.kind as SpanKind,
    serviceName: row.serviceName,
    startUs: Number(row.startUs),
    durationUs: Number(row.durationUs),
    status: row.statusMessage
      ? { code: row.statusCode as StatusCode, message: row.statusMessage }
      : { code: row.statusCode as StatusCode },
    attributes: row.attributes as Attributes,
    // Stored without service.name, which is the service_name column (lib/db/copy-text.ts).
    resource: { "service.name": row.serviceName, ...(row.resource as Attributes | null) },
    events: (row.events as SpanEvent[] | null) ?? [],
    links: (row.links as SpanLink[] | null) ?? [],
  };
  if (row.parentSpanId) span.parentSpanId = row.parentSpanId;
  if (row.remoteServiceName) span.remoteServiceName = row.remoteServiceName;
  if (row.scope) span.scope = row.scope as unknown as InstrumentationScope;
  if (row.shared) span.shared = true;
  if (row.debug) span.debug = true;
  if (row.warnings) span.warnings = row.warnings as string[];
  return span;
}
