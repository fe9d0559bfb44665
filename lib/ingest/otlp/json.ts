import { badRequest, describeType, describeValue } from "../../errors";
import type { Span, SpanEvent, SpanLink } from "../../model/span";
import {
  expectObject,
  type JsonObject,
  readArray,
  readObject,
  readObjects,
  readString,
  wrongType,
  wrongValue,
} from "../shared/fields";
import { readAttributes } from "./json-values";
import {
  BASE64,
  microsFromNanoDigits,
  microsFromNanoNumber,
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

/**
 * Decodes an OTLP/JSON ExportTraceServiceRequest (or TracesData: the same shape), the body of
 * `POST /v1/traces` with Content-Type application/json, into canonical spans.
 *
 * OTLP/JSON is protobuf's JSON mapping with hex ids, integer enums and lowerCamelCase keys. What
 * generic protobuf JSON writers produce is accepted too, since files made that way are common:
 * base64 ids, enum names and the proto's snake_case keys. The deprecated
 * `instrumentationLibrarySpans` of pre-1.0 exporters is read when `scopeSpans` is absent, as the
 * proto's transition rules ask. Unknown keys are ignored (the spec's MUST). The first field that
 * cannot be understood refuses the whole request with a 400 naming its path. Never mutates `body`.
 */
export function decodeOtlpJson(body: unknown): { spans: Span[] } {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw badRequest(`expected an OTLP ExportTraceServiceRequest object, got ${describeType(body)}`);
  }
  const request = body as JsonObject;
  const spans: Span[] = [];
  const resourceSpans = readArray(request, key(request, "resourceSpans", "resource_spans"), "body") ?? [];
  for (let r = 0; r < resourceSpans.length; r++) {
    const path = `resourceSpans[${r}]`;
    const json = expectObject(resourceSpans[r], path);
    const resourceJson = readObject(json, "resource", path) ?? {};
    const resource = otlpResource(
      readAttributes(resourceJson, `${path}.resource`),
      readCount(resourceJson, "droppedAttributesCount", "dropped_attributes_count", `${path}.resource`),
    );
    let scopesKey = key(json, "scopeSpans", "scope_spans");
    if (json[scopesKey] === undefined) {
      scopesKey = key(json, "instrumentationLibrarySpans", "instrumentation_library_spans");
    }
    const scopeSpans = readArray(json, scopesKey, path) ?? [];
    for (let s = 0; s < scopeSpans.length; s++) {
      decodeScopeSpans(scopeSpans[s], `${path}.${scopesKey}[${s}]`, resource, spans);
    }
  }
  return { spans };
}

/** The key a field is under: lowerCamelCase as OTLP/JSON requires, or the proto's snake_case name. */
function key(json: JsonObject, camel: string, snake: string): string {
  return json[camel] !== undefined || json[snake] === undefined ? camel : snake;
}

function decodeScopeSpans(value: unknown, path: string, resource: OtlpScopeContext, out: Span[]): void {
  const json = expectObject(value, path);
  const scopeKey =
    json.scope === undefined ? key(json, "instrumentationLibrary", "instrumentation_library") : "scope";
  const scopeJson = readObject(json, scopeKey, path) ?? {};
  const scopePath = `${path}.${scopeKey}`;
  const context = otlpScope(
    resource,
    readString(scopeJson, "name", scopePath) ?? "",
    readString(scopeJson, "version", scopePath) ?? "",
    readAttributes(scopeJson, scopePath),
    readCount(scopeJson, "droppedAttributesCount", "dropped_attributes_count", scopePath),
  );
  const spans = readArray(json, "spans", path) ?? [];
  for (let i = 0; i < spans.length; i++) out.push(decodeSpan(spans[i], `${path}.spans[${i}]`, context));
}

function decodeSpan(value: unknown, path: string, context: OtlpScopeContext): Span {
  const json = expectObject(value, path);
  const warnings: string[] = [];
  const parentKey = key(json, "parentSpanId", "parent_span_id");
  const rawParent = readString(json, parentKey, path) ?? "";
  const parentPath = `${path}.${parentKey}`;
  const kind = json.kind ?? 0;
  if (typeof kind !== "number" && typeof kind !== "string") throw wrongType(`${path}.kind`, "a number", kind);
  noteDropped(
    warnings,
    readCount(json, "droppedAttributesCount", "dropped_attributes_count", path),
    "attributes",
  );
  noteDropped(warnings, readCount(json, "droppedEventsCount", "dropped_events_count", path), "events");
  noteDropped(warnings, readCount(json, "droppedLinksCount", "dropped_links_count", path), "links");
  return otlpSpan(
    {
      traceId: readId(json, "traceId", "trace_id", path, true),
      spanId: readId(json, "spanId", "span_id", path, false),
      parentSpanId: otlpParentId(idHex(rawParent, parentPath, false), parentPath, SPAN_ID, rawParent),
      traceState: readString(json, key(json, "traceState", "trace_state"), path) ?? "",
      name: readString(json, "name", path) ?? "",
      kind: otlpKind(kind, `${path}.kind`),
      startUs: readNanos(json, "startTimeUnixNano", "start_time_unix_nano", path),
      endUs: readNanos(json, "endTimeUnixNano", "end_time_unix_nano", path),
      attributes: readAttributes(json, path),
      events: readEvents(json, path, warnings),
      links: readLinks(json, path, warnings),
      status: readStatus(json, path),
      warnings,
    },
    context,
  );
}

function readEvents(json: JsonObject, path: string, warnings: string[]): SpanEvent[] {
  return readObjects(json, "events", path, (event, eventPath, i) => {
    const dropped = readCount(event, "droppedAttributesCount", "dropped_attributes_count", eventPath);
    noteDropped(warnings, dropped, `attributes of event ${i}`);
    return otlpEvent(
      readNanos(event, "timeUnixNano", "time_unix_nano", eventPath),
      readString(event, "name", eventPath) ?? "",
      readAttributes(event, eventPath),
    );
  });
}

function readLinks(json: JsonObject, path: string, warnings: string[]): SpanLink[] {
  return readObjects(json, "links", path, (link, linkPath, i) => {
    const dropped = readCount(link, "droppedAttributesCount", "dropped_attributes_count", linkPath);
    noteDropped(warnings, dropped, `attributes of link ${i}`);
    return otlpLink(
      readId(link, "traceId", "trace_id", linkPath, true),
      readId(link, "spanId", "span_id", linkPath, false),
      readString(link, key(link, "traceState", "trace_state"), linkPath) ?? "",
      readAttributes(link, linkPath),
    );
  });
}

function readStatus(json: JsonObject, path: string) {
  const status = readObject(json, "status", path);
  if (status === undefined) return otlpStatus("UNSET", "");
  const code = status.code ?? 0;
  if (typeof code !== "number" && typeof code !== "string")
    throw wrongType(`${path}.status.code`, "a number", code);
  return otlpStatus(
    otlpStatusCode(code, `${path}.status.code`),
    readString(status, "message", `${path}.status`) ?? "",
  );
}

const TRACE_ID = "32 hex digits or 24 base64 characters";
const SPAN_ID = "16 hex digits or 12 base64 characters";

function readId(json: JsonObject, camel: string, snake: string, path: string, isTraceId: boolean): string {
  const field = key(json, camel, snake);
  const raw = readString(json, field, path, { required: true });
  const idPath = `${path}.${field}`;
  return otlpId(idHex(raw, idPath, isTraceId), idPath, isTraceId, isTraceId ? TRACE_ID : SPAN_ID, raw);
}

/**
 * OTLP/JSON ids are hex; protobuf's own JSON mapping writes them as base64, which for 16 and 8 bytes
 * always ends in "=" padding (24 and 12 characters). Hex has no "=", so the last character tells them
 * apart without a second pass over the id.
 */
function idHex(raw: string, path: string, isTraceId: boolean): string {
  if (raw.charCodeAt(raw.length - 1) !== 61) return raw;
  const size = isTraceId ? 16 : 8;
  const bytes = BASE64.test(raw) ? Buffer.from(raw, "base64") : undefined;
  if (bytes?.length !== size) {
    const expected = isTraceId ? TRACE_ID : SPAN_ID;
    throw badRequest(`${path}: ${describeValue(raw)} is not base64 of ${size} bytes; expected ${expected}`);
  }
  return bytes.toString("hex");
}

/** A fixed64 of unix nanoseconds: a decimal string, as protobuf JSON writes 64-bit ints, or a number. */
function readNanos(json: JsonObject, camel: string, snake: string, path: string): number {
  const field = key(json, camel, snake);
  const value = json[field];
  if (typeof value === "string") return microsFromNanoDigits(value, `${path}.${field}`);
  if (typeof value === "number") return microsFromNanoNumber(value, `${path}.${field}`);
  if (value === undefined || value === null) return 0;
  throw wrongType(`${path}.${field}`, "a decimal string or a number", value);
}

/** A uint32 count; protobuf JSON readers accept it as a number or a decimal string. */
function readCount(json: JsonObject, camel: string, snake: string, path: string): number {
  const field = key(json, camel, snake);
  const value = json[field];
  const count = typeof value === "string" && value !== "" ? Number(value) : value;
  if (count === undefined || count === null) return 0;
  if (typeof count === "number" && Number.isInteger(count)) return count;
  throw wrongValue(`${path}.${field}`, "an integer count", value);
}
