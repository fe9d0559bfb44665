import {
  type Attributes,
  type AttributeValue,
  isUnsafeInt64,
  type Span,
  type SpanEvent,
} from "../model/span";

/**
 * A tag or log field as Jaeger's query API writes it. Never `binary`: the span model holds bytes as
 * the base64 string every decoder reads them into, so they go back out as strings.
 */
export interface JaegerTag {
  key: string;
  type: "string" | "bool" | "int64" | "float64";
  value: string | number | boolean;
}

export interface JaegerLog {
  /** Microseconds since the Unix epoch. */
  timestamp: number;
  fields: JaegerTag[];
}

/**
 * An attribute as a typed tag, as Jaeger's UI converter and the OTel → Jaeger translator type them:
 * a safe integer is int64, any other finite number float64, arrays and maps their JSON as a string.
 * A decimal string past ±(2^53 − 1) that fits 64 bits is what the decoders made of an int64 JavaScript
 * cannot hold: it goes back as int64 with the decimal string as its value, which is exactly how Jaeger
 * writes such an int64 for its UI. A float 3.0 from OTLP becomes int64 3: JSON cannot tell them apart.
 */
export function jaegerTag(key: string, value: AttributeValue): JaegerTag {
  if (typeof value === "string") return { key, type: isUnsafeInt64(value) ? "int64" : "string", value };
  if (typeof value === "boolean") return { key, type: "bool", value };
  if (typeof value === "number") {
    if (Number.isSafeInteger(value)) return { key, type: "int64", value };
    // NaN and ±Infinity have no JSON number: written as text rather than breaking the response.
    return Number.isFinite(value)
      ? { key, type: "float64", value }
      : { key, type: "string", value: String(value) };
  }
  return { key, type: "string", value: JSON.stringify(value) };
}

const stringTag = (key: string, value: string): JaegerTag => ({ key, type: "string", value });

export function attributeTags(attributes: Attributes): JaegerTag[] {
  return Object.entries(attributes).map(([key, value]) => jaegerTag(key, value));
}

/**
 * The span's tags, with what the decoders lifted into fields of their own put back where the OTel →
 * Jaeger translator writes them: the scope first, then the attributes, `peer.service`, `span.kind`
 * and the status. A key already among the attributes is not written twice.
 *
 * INTERNAL gets no `span.kind`: it is also what a Jaeger span without the tag and an OTLP span of
 * kind UNSPECIFIED decode to, and Jaeger writes nothing for those.
 */
export function spanTags(span: Span): JaegerTag[] {
  const { attributes, scope } = span;
  const tags: JaegerTag[] = [];
  if (scope?.name && attributes["otel.scope.name"] === undefined)
    tags.push(stringTag("otel.scope.name", scope.name));
  if (scope?.version && attributes["otel.scope.version"] === undefined)
    tags.push(stringTag("otel.scope.version", scope.version));
  tags.push(...attributeTags(errorMessageTag(span) === undefined ? attributes : withoutError(attributes)));
  if (span.remoteServiceName && attributes["peer.service"] === undefined)
    tags.push(stringTag("peer.service", span.remoteServiceName));
  if (span.kind !== "INTERNAL" && attributes["span.kind"] === undefined)
    tags.push(stringTag("span.kind", span.kind.toLowerCase()));
  tags.push(...statusTags(span));
  return tags;
}

/**
 * Zipkin's `error` tag holding a message ("connection refused"), which Jaeger's convention (and Jaeger
 * UI's error marks) writes as the boolean `error=true` with the message under
 * `otel.status_description`, as the collector's translators do; undefined for any other `error`.
 */
function errorMessageTag(span: Span): string | undefined {
  const { error } = span.attributes;
  return span.status.code === "ERROR" && typeof error === "string" && error !== "true" ? error : undefined;
}

function withoutError(attributes: Attributes): Attributes {
  const { error: _, ...rest } = attributes;
  return rest;
}

/**
 * Jaeger has no status field. A status the tags already say (a boolean `error` tag from Jaeger or
 * Zipkin, an `otel.status_code` from an OTel exporter) is left as it is; otherwise the translator's
 * tags are added, `error=true` included, since that is the tag Jaeger UI marks failed spans by.
 */
function statusTags(span: Span): JaegerTag[] {
  const { code, message } = span.status;
  const { attributes } = span;
  if (code === "UNSET" || attributes["otel.status_code"] !== undefined) return [];
  if (code === "OK") return [stringTag("otel.status_code", "OK")];
  if (attributes.error !== undefined && errorMessageTag(span) === undefined) return [];
  const tags: JaegerTag[] = [
    stringTag("otel.status_code", "ERROR"),
    { key: "error", type: "bool", value: true },
  ];
  const description = message ?? errorMessageTag(span);
  if (description && attributes["otel.status_description"] === undefined) {
    tags.push(stringTag("otel.status_description", description));
  }
  return tags;
}

/**
 * An event as a Jaeger log: its name in the `event` field first, then its attributes, the inverse of
 * the decoders. The translator leaves the name out when an attribute is also called `event`; it is
 * kept here, since the decoders read the first `event` field as the name and the rest as attributes.
 */
export function jaegerLog(event: SpanEvent): JaegerLog {
  const fields = event.attributes === undefined ? [] : attributeTags(event.attributes);
  if (event.name !== "") fields.unshift(stringTag("event", event.name));
  return { timestamp: event.timeUs, fields };
}
