import { RequestError } from "../../errors";
import { normaliseSpanId, normaliseTraceId } from "../../model/ids";
import type { Attributes, AttributeValue, SpanEvent, SpanLink } from "../../model/span";
import { otlpEvent, otlpLink } from "../otlp/mapping";
import { expectObject, setAttribute, toId, wrongType, wrongValue } from "../shared/fields";
import { parseJsonExact } from "./json";
import {
  entryPath,
  microsFromNanos,
  readEntries,
  readInt64,
  readMetric,
  readText,
  readUint64,
} from "./values";

/**
 * Span events and span links, in the two forms tracers send them:
 * - native v0.4 fields, `span_events` (OTel-typed attribute values) and `span_links` (uint64 ids with
 *   `trace_id_high`): part of the protocol, so a malformed one refuses the request;
 * - JSON in a meta tag, `events` and `_dd.span_links` (hex ids), the only form v0.5 can carry and
 *   dd-trace's default: a tag that does not read is kept as the tag, with a warning.
 * A link whose ids are all zero is a span pointer (to an S3 object, a DynamoDB item), not a link to a
 * span: it is left out.
 */

export function nativeEvents(value: unknown, path: string): SpanEvent[] {
  return readList(value, path, (item, itemPath) => readEvent(item, itemPath, readTypedAttributes));
}

export function nativeLinks(value: unknown, path: string): SpanLink[] {
  return readList(value, path, (item, itemPath) => {
    const link = expectObject(item, itemPath);
    const low = readUint64(link.trace_id, `${itemPath}.trace_id`);
    const high = readUint64(link.trace_id_high, `${itemPath}.trace_id_high`);
    const spanId = readUint64(link.span_id, `${itemPath}.span_id`);
    if (low === 0n && high === 0n && spanId === 0n) return undefined;
    const traceId = high === 0n ? hex(low) : hex(high) + hex(low);
    return toLink(link, traceId, hex(spanId), itemPath);
  });
}

export function metaEvents(json: string, warnings: string[]): SpanEvent[] | undefined {
  return fromJsonTag(json, "events", warnings, (value, path) =>
    readList(value, path, (item, itemPath) => readEvent(item, itemPath, readJsonAttributes)),
  );
}

export function metaLinks(json: string, warnings: string[]): SpanLink[] | undefined {
  return fromJsonTag(json, "_dd.span_links", warnings, (value, path) =>
    readList(value, path, (item, itemPath) => {
      const link = expectObject(item, itemPath);
      const traceId = readText(link.trace_id, `${itemPath}.trace_id`);
      const spanId = readText(link.span_id, `${itemPath}.span_id`);
      if (/^0+$/.test(traceId) && /^0+$/.test(spanId)) return undefined;
      return toLink(link, traceId, spanId, itemPath);
    }),
  );
}

function fromJsonTag<T>(
  json: string,
  key: string,
  warnings: string[],
  read: (value: unknown, path: string) => T[],
): T[] | undefined {
  const path = `meta${entryPath("", key)}`;
  try {
    return read(parseJsonExact(json), path);
  } catch (error) {
    if (!(error instanceof RequestError || error instanceof SyntaxError)) throw error;
    const reason = error instanceof RequestError ? error.message : `${path}: not JSON: ${error.message}`;
    warnings.push(`${reason}; kept as a tag`);
    return undefined;
  }
}

function readList<T>(
  value: unknown,
  path: string,
  read: (item: unknown, path: string) => T | undefined,
): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw wrongType(path, "an array", value);
  const out: T[] = [];
  for (let i = 0; i < value.length; i++) {
    const item = read(value[i], `${path}[${i}]`);
    if (item !== undefined) out.push(item);
  }
  return out;
}

function readEvent(
  value: unknown,
  path: string,
  readAttributes: (value: unknown, path: string) => Attributes,
): SpanEvent {
  const event = expectObject(value, path);
  return otlpEvent(
    microsFromNanos(readInt64(event.time_unix_nano, `${path}.time_unix_nano`), `${path}.time_unix_nano`),
    readText(event.name, `${path}.name`),
    readAttributes(event.attributes, `${path}.attributes`),
  );
}

function toLink(link: Record<string, unknown>, traceId: string, spanId: string, path: string): SpanLink {
  const attributes: Attributes = {};
  for (const [key, value] of readEntries(link.attributes, `${path}.attributes`)) {
    setAttribute(attributes, key, readText(value, entryPath(`${path}.attributes`, key)));
  }
  return otlpLink(
    toId(traceId, `${path}.trace_id`, normaliseTraceId),
    toId(spanId, `${path}.span_id`, normaliseSpanId),
    readText(link.tracestate, `${path}.tracestate`),
    attributes,
  );
}

const hex = (id: bigint) => id.toString(16).padStart(16, "0");

/** JSON attribute values: strings, numbers, booleans and arrays of them, as dd-trace writes them. */
function readJsonAttributes(value: unknown, path: string): Attributes {
  const attributes: Attributes = {};
  for (const [key, raw] of readEntries(value, path)) {
    const item = jsonValue(raw, entryPath(path, key), true);
    if (item !== undefined) setAttribute(attributes, key, item);
  }
  return attributes;
}

function jsonValue(value: unknown, path: string, arrayAllowed: boolean): AttributeValue | undefined {
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number" || typeof value === "bigint") return readMetric(value, path);
  if (value === null) return undefined;
  if (Array.isArray(value) && arrayAllowed) {
    const items = value.map((item, i) => jsonValue(item, `${path}[${i}]`, false));
    return items.filter((item) => item !== undefined);
  }
  throw wrongType(path, "a string, number, boolean or an array of them", value);
}

/** OTel-typed values of native span events: `{ type, string_value | bool_value | … }`. */
const TYPED_VALUE_KEYS = ["string_value", "bool_value", "int_value", "double_value", "array_value"] as const;

function readTypedAttributes(value: unknown, path: string): Attributes {
  const attributes: Attributes = {};
  for (const [key, raw] of readEntries(value, path)) {
    setAttribute(attributes, key, typedValue(raw, entryPath(path, key), true));
  }
  return attributes;
}

function typedValue(value: unknown, path: string, arrayAllowed: boolean): AttributeValue {
  const typed = expectObject(value, path);
  const type = typed.type;
  const key = typeof type === "number" ? TYPED_VALUE_KEYS[type] : undefined;
  if (key === undefined || (key === "array_value" && !arrayAllowed))
    throw wrongValue(`${path}.type`, arrayAllowed ? "0 to 4" : "0 to 3 in an array", type);
  const raw = typed[key];
  const rawPath = `${path}.${key}`;
  if (key === "array_value") {
    const values = expectObject(raw, rawPath).values;
    return readList(values, `${rawPath}.values`, (item, itemPath) => typedValue(item, itemPath, false));
  }
  if (key === "string_value") return readText(raw, rawPath);
  if (key === "bool_value") {
    if (typeof raw === "boolean") return raw;
    throw wrongType(rawPath, "a boolean", raw);
  }
  const number = readMetric(raw, rawPath);
  if (number === undefined) throw wrongType(rawPath, "a number", raw);
  return number;
}
