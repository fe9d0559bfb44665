import type { Attributes, Span, SpanStatus } from "../../model/span";
import { boundSpan, type SpanBounds } from "./span-bounds";

/**
 * The last step every decoder's output passes through before it is stored: rules that hold whatever
 * the wire format was. Returns new spans where it changes something; never mutates its input.
 *
 * - Every number and size is bounded (./span-bounds.ts has the table): a start time before 1970,
 *   past 2^52 µs or more than TRACELIGHT_MAX_CLOCK_AHEAD ahead of `nowUs` is refused with a 400
 *   naming the span; durations, event times, names, keys, values and counts past their limits are
 *   clamped or cut, with a warning on the span.
 * - A span cannot be its own parent (a loop would hang every tree walk): the parent is dropped.
 * - Status, when the format had no status field of its own:
 *   - `otel.status_code` (OK/ERROR), with `otel.status_description`: what OTel exporters write into
 *     Zipkin tags and Jaeger tags, so an OTel status survives the trip through those formats;
 *   - an `error` tag (Zipkin, Jaeger and OpenTracing mark failures this way), its value the message;
 *   - a SERVER span answering HTTP 5xx (OTel's rule: a 4xx is the client's fault, not the server's).
 */
export function normaliseSpans(spans: Span[], options: Partial<SpanBounds> = {}): Span[] {
  const bounds: SpanBounds = {
    nowUs: options.nowUs ?? Date.now() * 1000,
    maxClockAheadUs: options.maxClockAheadUs ?? DEFAULT_MAX_CLOCK_AHEAD_US,
  };
  return spans.map((span) => normaliseSpan(boundSpan(span, bounds)));
}

/** TRACELIGHT_MAX_CLOCK_AHEAD's default; the collector passes the configured value. */
const DEFAULT_MAX_CLOCK_AHEAD_US = 86_400_000_000;

function normaliseSpan(span: Span): Span {
  const selfParent = span.parentSpanId !== undefined && span.parentSpanId === span.spanId;
  const status = span.status.code === "UNSET" ? inferStatus(span) : span.status;
  if (!selfParent && status === span.status) return span;
  const out: Span = { ...span, status };
  if (selfParent) {
    delete out.parentSpanId;
    out.warnings = [...(span.warnings ?? []), "span was its own parent; parent removed"];
  }
  return out;
}

function inferStatus(span: Span): SpanStatus {
  const { attributes } = span;
  const otelCode = attributes["otel.status_code"];
  if (otelCode === "ERROR" || otelCode === "OK") {
    const description = attributes["otel.status_description"] ?? attributes.error;
    return otelCode === "ERROR" && typeof description === "string" && description !== ""
      ? { code: "ERROR", message: description }
      : { code: otelCode };
  }
  const error = attributes.error;
  if (error !== undefined && error !== false && error !== "false") {
    return typeof error === "string" && error !== "" && error !== "true"
      ? { code: "ERROR", message: error }
      : { code: "ERROR" };
  }
  const httpStatus = httpStatusCode(attributes);
  if (span.kind === "SERVER" && httpStatus !== undefined && httpStatus >= 500) return { code: "ERROR" };
  return span.status;
}

/** The HTTP status a span answered or received, under the old or the current OTel key. */
export function httpStatusCode(attributes: Attributes): number | undefined {
  const raw = attributes["http.response.status_code"] ?? attributes["http.status_code"];
  const code =
    typeof raw === "number" ? raw : typeof raw === "string" ? Number.parseInt(raw, 10) : Number.NaN;
  return Number.isInteger(code) && code >= 100 && code <= 599 ? code : undefined;
}
