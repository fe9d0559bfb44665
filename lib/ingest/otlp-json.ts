import { badRequest } from "../errors";
import type { Attributes, AttributeValue, Span, SpanEvent, SpanLink } from "../model/span";
import {
  describeType,
  describeValue,
  expectObject,
  type JsonObject,
  readArray,
  readObject,
  readString,
  setAttribute,
  wrongType,
  wrongValue,
} from "./fields";
import { normaliseSpans } from "./normalise";
import {
  MAX_VALUE_DEPTH,
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
} from "./otlp";

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
  return { spans: normaliseSpans(spans) };
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
  const list = readArray(json, "events", path) ?? [];
  const events: SpanEvent[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const eventPath = `${path}.events[${i}]`;
    const event = expectObject(list[i], eventPath);
    const dropped = readCount(event, "droppedAttributesCount", "dropped_attributes_count", eventPath);
    noteDropped(warnings, dropped, `attributes of event ${i}`);
    events[i] = otlpEvent(
      readNanos(event, "timeUnixNano", "time_unix_nano", eventPath),
      readString(event, "name", eventPath) ?? "",
      readAttributes(event, eventPath),
    );
  }
  return events;
}

function readLinks(json: JsonObject, path: string, warnings: string[]): SpanLink[] {
  const list = readArray(json, "links", path) ?? [];
  const links: SpanLink[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const linkPath = `${path}.links[${i}]`;
    const link = expectObject(list[i], linkPath);
    const dropped = readCount(link, "droppedAttributesCount", "dropped_attributes_count", linkPath);
    noteDropped(warnings, dropped, `attributes of link ${i}`);
    links[i] = otlpLink(
      readId(link, "traceId", "trace_id", linkPath, true),
      readId(link, "spanId", "span_id", linkPath, false),
      readString(link, key(link, "traceState", "trace_state"), linkPath) ?? "",
      readAttributes(link, linkPath),
    );
  }
  return links;
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

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

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

/** `json.attributes` as attributes. */
function readAttributes(json: JsonObject, path: string): Attributes {
  return readKeyValues(json, "attributes", path, 0);
}

/**
 * A list of KeyValue as attributes; a KeyValue with an empty value carries nothing and is left out.
 * Paths are built only for a refusal or a nested value: attributes are most of a request's fields.
 */
function readKeyValues(json: JsonObject, listKey: string, path: string, depth: number): Attributes {
  const attributes: Attributes = {};
  const list = readArray(json, listKey, path);
  if (list === undefined) return attributes;
  const listPath = `${path}.${listKey}`;
  for (let i = 0; i < list.length; i++) {
    const item = list[i] as JsonObject;
    const name = typeof item === "object" && item !== null ? item.key : undefined;
    if (typeof name !== "string") {
      const itemPath = `${listPath}[${i}]`;
      readString(expectObject(item, itemPath), "key", itemPath, { required: true });
    }
    const raw = item.value;
    const value =
      raw === undefined || raw === null ? undefined : readValue(raw, listPath, i, ".value", depth);
    if (value !== undefined) setAttribute(attributes, name as string, value);
  }
  return attributes;
}

/**
 * An AnyValue, the element `index` of the list at `listPath` (`suffix` follows the index in its
 * path): one of its fields is set; none set is the "empty" value, returned as undefined.
 */
function readValue(
  value: unknown,
  listPath: string,
  index: number,
  suffix: string,
  depth: number,
): AttributeValue | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw wrongType(`${listPath}[${index}]${suffix}`, "an object", value);
  }
  const json = value as JsonObject;
  for (const field in json) {
    const v = json[field];
    if (v === undefined || v === null) continue;
    switch (field) {
      case "stringValue":
      case "string_value":
        if (typeof v === "string") return v;
        break;
      case "boolValue":
      case "bool_value":
        if (typeof v === "boolean") return v;
        break;
      case "intValue":
      case "int_value": {
        const int = readInt(v);
        if (int !== undefined) return int;
        break;
      }
      case "doubleValue":
      case "double_value":
        if (typeof v === "number") return v;
        break;
      case "bytesValue":
      case "bytes_value":
        if (typeof v === "string" && (v === "" || BASE64.test(v))) {
          return Buffer.from(v, "base64").toString("base64");
        }
        break;
      case "arrayValue":
      case "array_value":
      case "kvlistValue":
      case "kvlist_value":
        return readNested(v, `${listPath}[${index}]${suffix}.${field}`, field[0] === "k", depth);
      default:
        continue;
    }
    return readOddValue(v, `${listPath}[${index}]${suffix}.${field}`, field);
  }
  return undefined;
}

/** An arrayValue or kvlistValue, refused past MAX_VALUE_DEPTH. */
function readNested(value: unknown, path: string, isKvlist: boolean, depth: number): AttributeValue {
  if (depth >= MAX_VALUE_DEPTH) throw badRequest(`${path}: nested deeper than ${MAX_VALUE_DEPTH} levels`);
  const inner = expectObject(value, path);
  if (isKvlist) return readKeyValues(inner, "values", path, depth + 1);
  const list = readArray(inner, "values", path) ?? [];
  const out: AttributeValue[] = [];
  const listPath = `${path}.values`;
  for (let i = 0; i < list.length; i++) {
    const item = readValue(list[i], listPath, i, "", depth + 1);
    if (item !== undefined) out.push(item);
  }
  return out;
}

/**
 * A value that is not of its field's usual JSON type: a double as protobuf JSON writes NaN and the
 * infinities (kept as those strings) or a number in a string; anything else is refused.
 */
function readOddValue(value: unknown, path: string, field: string): AttributeValue {
  if (field === "doubleValue" || field === "double_value") {
    if (value === "NaN" || value === "Infinity" || value === "-Infinity") return value;
    const number = typeof value === "string" && value.trim() !== "" ? Number(value) : Number.NaN;
    if (Number.isFinite(number)) return number;
    throw wrongValue(path, "a number", value);
  }
  if (field === "bytesValue" || field === "bytes_value") throw wrongValue(path, "base64", value);
  if (field === "intValue" || field === "int_value") throw wrongValue(path, "a 64-bit integer", value);
  throw wrongType(path, field.startsWith("s") ? "a string" : "a boolean", value);
}

/** An int64: a JS number when safe, else its decimal string (the model's rule); undefined if not one. */
function readInt(value: unknown): number | string | undefined {
  if (typeof value === "number") {
    if (Number.isSafeInteger(value)) return value;
    return Number.isInteger(value) && value < 2 ** 63 && value >= -(2 ** 63)
      ? BigInt(value).toString()
      : undefined;
  }
  if (typeof value !== "string") return undefined;
  const sign = value.charCodeAt(0) === 45 ? 1 : 0;
  if (value.length === sign || value.length - sign > 19) return undefined;
  for (let i = sign; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  const number = Number(value);
  if (Number.isSafeInteger(number)) return number;
  const big = BigInt(value);
  return big < 2n ** 63n && big >= -(2n ** 63n) ? big.toString() : undefined;
}
