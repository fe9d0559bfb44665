import { boundedDurationUs, boundedTimeUs } from "../ingest/door/span-bounds";
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

/**
 * The columns of a span as `fromRow` reads them, for raw SQL on the hot read paths (a 10k-span trace,
 * search results): Prisma's names, so one mapping serves both. bigint arrives as text, which
 * `fromRow` turns into numbers; `search_terms` is left out, as only search reads it.
 */
export const SPAN_ROW_COLUMNS = `s.trace_id AS "traceId", s.span_id AS "spanId", s.shared,
  s.parent_span_id AS "parentSpanId", s.name, s.kind, s.service_name AS "serviceName",
  s.remote_service_name AS "remoteServiceName", s.start_us AS "startUs", s.duration_us AS "durationUs",
  s.status_code AS "statusCode", s.status_message AS "statusMessage", s.http_status AS "httpStatus",
  s.attributes, s.resource, s.events, s.links, s.scope, s.debug, s.warnings`;

export type SpanRowValues = Omit<SpanRow, "searchTerms" | "startUs" | "durationUs"> & {
  startUs: bigint | string;
  durationUs: bigint | string;
};

/**
 * The stored row back as the canonical span; optional fields absent rather than null. Times are
 * read within the bounds ingest keeps (lib/ingest/door/span-bounds.ts), with a warning on the span when a
 * row stored before them is outside: a bigint column holds up to 2^63 − 1, which Number() cannot
 * even hold exactly, and every read path adds, subtracts and buckets these times.
 */
export function fromRow(row: SpanRowValues): Span {
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
  return boundTimes(span, row);
}

/** `row` for its times as stored: past 2^53 Number() no longer says them exactly. */
function boundTimes(span: Span, row: SpanRowValues): Span {
  const startUs = boundedTimeUs(span.startUs);
  const durationUs = boundedDurationUs(span.durationUs);
  let movedEvents = 0;
  for (const event of span.events) if (boundedTimeUs(event.timeUs) !== event.timeUs) movedEvents++;
  if (startUs === span.startUs && durationUs === span.durationUs && movedEvents === 0) return span;

  const readings: string[] = [];
  if (startUs !== span.startUs)
    readings.push(`stored start time ${row.startUs} µs out of bounds; read as ${startUs}`);
  if (durationUs !== span.durationUs) {
    readings.push(`stored duration ${row.durationUs} µs out of bounds; read as ${durationUs}`);
  }
  if (movedEvents > 0) {
    readings.push(`${movedEvents} stored event times out of bounds; read within them`);
    span.events = span.events.map((event) => ({ ...event, timeUs: boundedTimeUs(event.timeUs) }));
  }
  return { ...span, startUs, durationUs, warnings: [...(span.warnings ?? []), ...readings] };
}
