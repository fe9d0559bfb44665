import type { Attributes, Span } from "@/lib/model/span";

/**
 * The last step every decoder's output passes through before it is stored: rules that hold whatever
 * the wire format was. Returns new spans; never mutates its input.
 *
 * - A span cannot be its own parent (a loop would hang every tree walk): the parent is dropped.
 * - Status: an unset status becomes ERROR when the span carries an `error` tag (Zipkin, Jaeger and
 *   OpenTracing all mark failures this way) or is a SERVER span answering HTTP 5xx (OTel's rule:
 *   a 4xx is the client's fault, not the server's).
 */
export function normaliseSpans(spans: Span[]): Span[] {
  return spans.map((span) => {
    const warnings = [...(span.warnings ?? [])];
    let parentSpanId = span.parentSpanId;
    if (parentSpanId === span.spanId) {
      parentSpanId = undefined;
      warnings.push("span was its own parent; parent removed");
    }
    const status = span.status.code === "UNSET" ? inferStatus(span) : span.status;
    const out: Span = { ...span, parentSpanId, status };
    if (parentSpanId === undefined) delete out.parentSpanId;
    if (warnings.length > 0) out.warnings = warnings;
    return out;
  });
}

function inferStatus(span: Span): Span["status"] {
  const error = span.attributes.error;
  if (error !== undefined && error !== false && error !== "false") {
    return typeof error === "string" && error !== "" && error !== "true"
      ? { code: "ERROR", message: error }
      : { code: "ERROR" };
  }
  const httpStatus = httpStatusCode(span.attributes);
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
