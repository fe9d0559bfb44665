import { httpStatusCode } from "../ingest/door/normalise";
import type { Attributes, Span } from "../model/span";
import { searchTerms } from "../search/terms";

/**
 * Spans as PostgreSQL COPY text: one tab-separated line a span, the fastest way rows get into a
 * table. Written straight from the canonical spans, with no intermediate row objects: this is the
 * hottest loop of ingest. Each line's fields are in the order of `SPAN_COLUMNS`.
 */
export const SPAN_COLUMNS = [
  "trace_id",
  "span_id",
  "shared",
  "parent_span_id",
  "name",
  "kind",
  "service_name",
  "remote_service_name",
  "start_us",
  "duration_us",
  "status_code",
  "status_message",
  "http_status",
  "attributes",
  "resource",
  "events",
  "links",
  "scope",
  "debug",
  "warnings",
  "search_terms",
] as const;

const NULL = "\\N";

export function toCopyText(spans: readonly Span[]): string {
  let text = "";
  for (const span of spans) {
    // Ids are normalised hex, kinds and status codes are enums, numbers are integers: only free text
    // and JSON need escaping.
    text +=
      `${span.traceId}\t${span.spanId}\t${span.shared ? "t" : "f"}\t${span.parentSpanId ?? NULL}\t` +
      `${copyEscape(span.name)}\t${span.kind}\t${copyEscape(span.serviceName)}\t${optional(span.remoteServiceName)}\t` +
      `${span.startUs}\t${span.durationUs}\t${span.status.code}\t${optional(span.status.message)}\t` +
      `${httpStatusCode(span.attributes) ?? NULL}\t${json(span.attributes)}\t` +
      `${storedResource(span.resource)}\t${span.events.length > 0 ? json(span.events) : NULL}\t` +
      `${span.links.length > 0 ? json(span.links) : NULL}\t${span.scope ? json(span.scope) : NULL}\t` +
      `${span.debug ? "t" : "f"}\t${span.warnings?.length ? json(span.warnings) : NULL}\t` +
      `${copyEscape(arrayLiteral(searchTerms(span)))}\n`;
  }
  return text;
}

/**
 * `service.name` is the service_name column already, and most resources hold nothing else, so it is
 * left out of the stored JSON (lib/db/span-rows.ts puts it back).
 */
function storedResource(resource: Attributes): string {
  for (const key in resource) {
    if (key !== "service.name") {
      const { "service.name": _serviceName, ...rest } = resource;
      return json(rest);
    }
  }
  return NULL;
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;

/** In COPY text, backslash, tab, newline and carriage return are backslash-escaped. */
function copyEscape(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(/[\\\t\n\r]/g, escapeChar) : text;
}

/** A PostgreSQL array literal of text: every element quoted, its quotes and backslashes escaped. */
function arrayLiteral(items: string[]): string {
  let literal = "{";
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as string;
    const quoted = item.includes('"') || item.includes("\\") ? item.replace(/["\\]/g, "\\$&") : item;
    literal += i === 0 ? `"${quoted}"` : `,"${quoted}"`;
  }
  return `${literal}}`;
}

const optional = (text: string | undefined) => (text === undefined ? NULL : copyEscape(text));
/** JSON never holds a raw tab or line break, so only its own escapes, backslashes, need doubling. */
function json(value: unknown): string {
  const text = JSON.stringify(value);
  return text.includes("\\") ? text.replaceAll("\\", "\\\\") : text;
}

function escapeChar(char: string): string {
  if (char === "\t") return "\\t";
  if (char === "\n") return "\\n";
  if (char === "\r") return "\\r";
  return "\\\\";
}
