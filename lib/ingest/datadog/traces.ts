import { decode } from "@msgpack/msgpack";
import { badRequest, describeValue } from "../../errors";
import type { Span } from "../../model/span";
import { expectObject, wrongType, wrongValue } from "../shared/fields";
import { parseJsonExact } from "./json";
import { type DatadogSpanFields, datadogTrace } from "./span";
import { entryPath, readEntries, readErrorFlag, readInt64, readMetric, readText, readUint64 } from "./values";

export type DatadogFormat = "v0.3-json" | "v0.4-msgpack" | "v0.4-json" | "v0.5-msgpack";

/**
 * Decodes the body of a Datadog agent's trace endpoint (`PUT /v0.3|v0.4|v0.5/traces`), as dd-trace
 * libraries, Envoy and Pomerium send it, into canonical spans (mapping in span.ts).
 *
 * - v0.3 and v0.4: an array of traces, each an array of span maps (`trace_id`, `span_id`, `parent_id`,
 *   `name`, `resource`, `service`, `type`, `start`, `duration` in ns, `error`, `meta`, `metrics`);
 *   v0.3 and v0.4 JSON are the same shape.
 * - v0.5: `[strings, traces]`, each span a 12-element array whose strings, and the keys and string
 *   values of its maps, are indexes into `strings`.
 *
 * Ids are uint64 and times int64 ns, past 2^53: msgpack's are read as bigint, and JSON's bare
 * numbers too (json.ts), so both stay exact. `meta_struct` (AppSec's msgpack blobs) is
 * ignored, like any unknown key. An empty body is a tracer's connectivity probe and holds no spans.
 * What cannot be read is a 400 naming the trace, the span and the field (`traces[0][3].start:
 * expected an integer, got string`). Never mutates `body`.
 */
export function decodeDatadogTraces(body: Buffer, format: DatadogFormat): { spans: Span[] } {
  if (body.length === 0) return { spans: [] };
  const payload = format.endsWith("-json") ? parseBodyJson(body) : parseMsgpack(body);
  const spans: Span[] = [];
  if (format === "v0.5-msgpack") {
    if (!Array.isArray(payload) || payload.length !== 2)
      throw wrongType("body", "a [strings, traces] array", payload);
    const strings = readStringTable(payload[0]);
    decodeTraces(payload[1], (value, path) => readV05Span(value, path, strings), spans);
  } else {
    decodeTraces(payload, readV04Span, spans);
  }
  return { spans };
}

function parseMsgpack(body: Buffer): unknown {
  try {
    // 64-bit integers as bigint: ids are uint64 and start times int64 nanoseconds, both past 2^53.
    return decode(body, { useBigInt64: true });
  } catch (error) {
    throw badRequest(`body is not valid msgpack: ${(error as Error).message}`);
  }
}

function parseBodyJson(body: Buffer): unknown {
  try {
    return parseJsonExact(body.toString("utf8"));
  } catch (error) {
    throw badRequest(`body is not JSON: ${(error as Error).message}`);
  }
}

type SpanReader = (value: unknown, path: string) => DatadogSpanFields;

function decodeTraces(traces: unknown, readSpan: SpanReader, out: Span[]): void {
  if (!Array.isArray(traces)) throw wrongType("traces", "an array of traces", traces);
  for (let t = 0; t < traces.length; t++) {
    const trace: unknown = traces[t];
    if (!Array.isArray(trace)) throw wrongType(`traces[${t}]`, "an array of spans", trace);
    const fields: DatadogSpanFields[] = new Array(trace.length);
    for (let s = 0; s < trace.length; s++) fields[s] = readSpan(trace[s], `traces[${t}][${s}]`);
    for (const span of datadogTrace(fields)) out.push(span);
  }
}

function readV04Span(value: unknown, path: string): DatadogSpanFields {
  const span = expectObject(value, path);
  const asIs = (key: string) => key;
  return {
    path,
    service: readText(span.service, `${path}.service`),
    name: readText(span.name, `${path}.name`),
    resource: readText(span.resource, `${path}.resource`),
    type: readText(span.type, `${path}.type`),
    traceId: readUint64(span.trace_id, `${path}.trace_id`),
    spanId: readUint64(span.span_id, `${path}.span_id`),
    parentId: readUint64(span.parent_id, `${path}.parent_id`),
    startNs: readInt64(span.start, `${path}.start`),
    durationNs: readInt64(span.duration, `${path}.duration`),
    error: readErrorFlag(span.error, `${path}.error`),
    meta: readMap(span.meta, `${path}.meta`, asIs, readText),
    metrics: readMap(span.metrics, `${path}.metrics`, asIs, readMetric),
    spanEvents: span.span_events,
    spanLinks: span.span_links,
  };
}

/** v0.5's span: the positions of its 12 fields, named as v0.4 names them for messages. */
const V05_FIELDS = [
  "service",
  "name",
  "resource",
  "trace_id",
  "span_id",
  "parent_id",
  "start",
  "duration",
  "error",
  "meta",
  "metrics",
  "type",
] as const;

function readStringTable(value: unknown): readonly string[] {
  if (!Array.isArray(value)) throw wrongType("strings", "an array of strings", value);
  for (let i = 0; i < value.length; i++) {
    if (typeof value[i] !== "string") throw wrongType(`strings[${i}]`, "a string", value[i]);
  }
  return value as string[];
}

function readV05Span(value: unknown, path: string, strings: readonly string[]): DatadogSpanFields {
  if (!Array.isArray(value) || value.length !== V05_FIELDS.length)
    throw wrongType(path, `an array of ${V05_FIELDS.length} fields`, value);
  const field = (i: number) => `${path}.${V05_FIELDS[i]}`;
  const text = (index: unknown, indexPath: string) => {
    const string =
      typeof index === "number" || typeof index === "bigint" ? strings[Number(index)] : undefined;
    if (string !== undefined) return string;
    throw typeof index === "number" || typeof index === "bigint"
      ? wrongValue(indexPath, `a string index below ${strings.length}`, Number(index))
      : wrongType(indexPath, "a string index", index);
  };
  // msgpack map keys arrive as strings: "4" for the index 4.
  const key = (raw: string, keyPath: string) => text(/^\d+$/.test(raw) ? Number(raw) : raw, keyPath);
  return {
    path,
    service: text(value[0], field(0)),
    name: text(value[1], field(1)),
    resource: text(value[2], field(2)),
    traceId: readUint64(value[3], field(3)),
    spanId: readUint64(value[4], field(4)),
    parentId: readUint64(value[5], field(5)),
    startNs: readInt64(value[6], field(6)),
    durationNs: readInt64(value[7], field(7)),
    error: readErrorFlag(value[8], field(8)),
    meta: readMap(value[9], field(9), key, text),
    metrics: readMap(value[10], field(10), key, readMetric),
    type: text(value[11], field(11)),
  };
}

/**
 * A `meta` or `metrics` map, keys read by `readKey` (v0.5: string indexes). A null metric is left
 * out; a null meta value reads as "", as the agent reads it.
 */
function readMap<T>(
  value: unknown,
  path: string,
  readKey: (raw: string, path: string) => string,
  readValue: (value: unknown, path: string) => T | undefined,
): Map<string, T> {
  const map = new Map<string, T>();
  for (const [raw, rawValue] of readEntries(value, path)) {
    const key = readKey(raw, `${path} key ${describeValue(raw)}`);
    const entry = readValue(rawValue, entryPath(path, key));
    if (entry !== undefined) map.set(key, entry);
  }
  return map;
}
