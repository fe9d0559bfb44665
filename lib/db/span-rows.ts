import { httpStatusCode } from "../ingest/normalise";
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

/** A span as the write statement's json_to_recordset reads it: column names, JSON values. */
export interface SpanInputRow {
  trace_id: string;
  span_id: string;
  shared: boolean;
  parent_span_id: string | null;
  name: string;
  kind: SpanKind;
  service_name: string;
  remote_service_name: string | null;
  start_us: number;
  duration_us: number;
  status_code: StatusCode;
  status_message: string | null;
  http_status: number | null;
  attributes: Attributes;
  resource: Attributes;
  events: SpanEvent[] | null;
  links: SpanLink[] | null;
  scope: InstrumentationScope | null;
  debug: boolean;
  warnings: string[] | null;
}

export function toInputRow(span: Span): SpanInputRow {
  return {
    trace_id: span.traceId,
    span_id: span.spanId,
    shared: span.shared === true,
    parent_span_id: span.parentSpanId ?? null,
    name: span.name,
    kind: span.kind,
    service_name: span.serviceName,
    remote_service_name: span.remoteServiceName ?? null,
    start_us: span.startUs,
    duration_us: span.durationUs,
    status_code: span.status.code,
    status_message: span.status.message ?? null,
    http_status: httpStatusCode(span.attributes) ?? null,
    attributes: span.attributes,
    resource: span.resource,
    events: span.events.length > 0 ? span.events : null,
    links: span.links.length > 0 ? span.links : null,
    scope: span.scope ?? null,
    debug: span.debug === true,
    warnings: span.warnings && span.warnings.length > 0 ? span.warnings : null,
  };
}

/** The stored row back as the canonical span; optional fields absent rather than null. */
export function fromRow(row: SpanRow): Span {
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
    resource: row.resource as Attributes,
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
