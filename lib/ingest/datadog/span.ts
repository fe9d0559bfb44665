import { badRequest, describeValue } from "../../errors";
import { normaliseSpanId, normaliseTraceId } from "../../model/ids";
import {
  type Attributes,
  type Span,
  type SpanKind,
  type SpanStatus,
  UNKNOWN_SERVICE,
} from "../../model/span";
import { setAttribute, toId } from "../shared/fields";
import { metaEvents, metaLinks, nativeEvents, nativeLinks } from "./events-links";
import { microsFromNanos } from "./values";

/** A Datadog span as either wire form carries it, before any mapping. */
export interface DatadogSpanFields {
  /** Where the span sits in the payload, for messages: `traces[0][3]`. */
  path: string;
  service: string;
  name: string;
  resource: string;
  type: string;
  traceId: bigint;
  spanId: bigint;
  parentId: bigint;
  startNs: bigint;
  durationNs: bigint;
  error: boolean;
  meta: Map<string, string>;
  metrics: Map<string, number | string>;
  /** v0.4 only: the native `span_events` and `span_links` fields, as sent. */
  spanEvents?: unknown;
  spanLinks?: unknown;
}

/** The high 64 bits of a 128-bit trace id: 16 hex digits in the `_dd.p.tid` tag. */
const TRACE_ID_HIGH = "_dd.p.tid";
const HIGH_BITS = /^[0-9a-f]{16}$/i;

/**
 * One trace chunk's spans as canonical spans. The tracer writes `_dd.p.tid` on the chunk's first span
 * only, so a 128-bit trace id reaches every span of the chunk that shares its low 64 bits.
 */
export function datadogTrace(chunk: DatadogSpanFields[]): Span[] {
  const highBits = new Map<bigint, string>();
  for (const span of chunk) {
    const high = span.meta.get(TRACE_ID_HIGH);
    if (high !== undefined && HIGH_BITS.test(high) && !highBits.has(span.traceId))
      highBits.set(span.traceId, high.toLowerCase());
  }
  return chunk.map((span) => datadogSpan(span, highBits.get(span.traceId)));
}

/**
 * The mapping, and why:
 * - name: the resource ("GET /users/:id", the query), else the Datadog name, which is kept as the
 *   attribute `operation.name`. The Datadog name ("express.request") is one per integration: as span
 *   names it would give a service one operation for all its endpoints. The resource is what Datadog's
 *   UI lists as the endpoint and what OTel calls the span name: dd-trace's OTel API and the agent's
 *   OTLP intake put the OTel name in `resource` and read `operation.name` and `span.type` attributes,
 *   so this is their mapping reversed. The collector's datadogreceiver (Jaeger has no Datadog intake
 *   of its own; v2 would use the collector's) keeps name = Datadog name and the resource as
 *   `dd.span.Resource`, which lists `express.request` as every operation of an Express service.
 * - kind: the `span.kind` tag, else from `type` (web: SERVER; http, grpc and datastores: CLIENT).
 * - status: ERROR when `error` is non-zero, with `error.message` (or the older `error.msg`).
 * - attributes: meta as strings, metrics as numbers, `type` as `span.type`; the tracer's own
 *   bookkeeping keys (`_dd.*`, `_sampling_priority_v1`, `_top_level`) move under `dd.` (`_dd.p.dm` →
 *   `dd.p.dm`): kept, since sampling decisions explain a missing span, but out of the way of the
 *   application's tags. Tags the model holds elsewhere (`_dd.p.tid`, a known `span.kind`, `events`,
 *   `_dd.span_links`) are not repeated.
 * - remoteServiceName: `peer.service`, else `out.host`. Datastore spans also get `db.system` from
 *   `db.type` or a datastore `type`, when they have none.
 * - times: integer nanoseconds rounded to microseconds at both ends, exactly (BigInt).
 */
function datadogSpan(fields: DatadogSpanFields, traceIdHigh: string | undefined): Span {
  const { path, meta, type } = fields;
  const warnings: string[] = [];
  const ownHigh = meta.get(TRACE_ID_HIGH);
  if (ownHigh !== undefined && ownHigh.toLowerCase() !== traceIdHigh) {
    const why = HIGH_BITS.test(ownHigh) ? "conflicts with the trace's" : "is not 16 hex digits";
    warnings.push(`${TRACE_ID_HIGH} ${describeValue(ownHigh)} ${why}; ignored`);
  }
  const startUs = microsFromNanos(fields.startNs, `${path}.start`);
  let durationNs = fields.durationNs;
  if (durationNs < 0n) {
    warnings.push(`negative duration ${durationNs} ns; set to 0`);
    durationNs = 0n;
  }
  const spanKindTag = meta.get("span.kind")?.toLowerCase();
  const tagKind = spanKindTag === undefined ? undefined : KINDS.get(spanKindTag);
  // Meta keys read into the model's own fields, not repeated as attributes.
  const held = new Set([TRACE_ID_HIGH]);
  if (tagKind !== undefined) held.add("span.kind");
  const events = nativeEvents(fields.spanEvents, `${path}.span_events`);
  for (const event of fromMeta(meta, "events", metaEvents, held, warnings)) events.push(event);
  const links = nativeLinks(fields.spanLinks, `${path}.span_links`);
  for (const link of fromMeta(meta, "_dd.span_links", metaLinks, held, warnings)) links.push(link);
  const serviceName = fields.service !== "" ? fields.service : UNKNOWN_SERVICE;
  const span: Span = {
    traceId: toId(traceIdHex(fields, traceIdHigh), `${path}.trace_id`, normaliseTraceId),
    spanId: toId(idHex(fields.spanId, `${path}.span_id`), `${path}.span_id`, normaliseSpanId),
    name: fields.resource !== "" ? fields.resource : fields.name,
    kind: tagKind ?? kindOfType(type),
    serviceName,
    startUs,
    durationUs: microsFromNanos(fields.startNs + durationNs, `${path}.duration`) - startUs,
    status: status(fields),
    attributes: attributes(fields, held),
    resource: { "service.name": serviceName },
    events,
    links,
  };
  if (fields.parentId !== 0n) span.parentSpanId = fields.parentId.toString(16).padStart(16, "0");
  const remote = meta.get("peer.service") || meta.get("out.host");
  if (remote) span.remoteServiceName = remote;
  if (warnings.length > 0) span.warnings = warnings;
  return span;
}

function traceIdHex(fields: DatadogSpanFields, high: string | undefined): string {
  const low = idHex(fields.traceId, `${fields.path}.trace_id`);
  return high === undefined ? low : high + low;
}

function idHex(id: bigint, path: string): string {
  if (id === 0n) throw badRequest(`${path}: missing or 0; expected a non-zero unsigned 64-bit id`);
  return id.toString(16).padStart(16, "0");
}

/** The `span.kind` tag's values; a Map, since the tag is the sender's ("constructor" is no kind). */
const KINDS = new Map<string, SpanKind>([
  ["server", "SERVER"],
  ["client", "CLIENT"],
  ["producer", "PRODUCER"],
  ["consumer", "CONSUMER"],
  ["internal", "INTERNAL"],
]);

/** Span types of datastore calls: generic ones, and ones naming the system (also its `db.system`). */
const DATASTORE_TYPES = new Set(["sql", "db", "cache"]);
const DATASTORE_SYSTEMS = new Set([
  "redis",
  "memcached",
  "mongodb",
  "elasticsearch",
  "opensearch",
  "cassandra",
  "couchbase",
  "aerospike",
]);

function kindOfType(type: string): SpanKind {
  if (type === "web") return "SERVER";
  if (type === "http" || type === "grpc" || DATASTORE_TYPES.has(type) || DATASTORE_SYSTEMS.has(type))
    return "CLIENT";
  return "INTERNAL";
}

function status({ error, meta }: DatadogSpanFields): SpanStatus {
  if (!error) return { code: "UNSET" };
  const message = meta.get("error.message") || meta.get("error.msg");
  return message ? { code: "ERROR", message } : { code: "ERROR" };
}

/** Events or links from a JSON meta tag; an unreadable one stays an attribute, with a warning. */
function fromMeta<T>(
  meta: Map<string, string>,
  key: string,
  read: (json: string, warnings: string[]) => T[] | undefined,
  held: Set<string>,
  warnings: string[],
): T[] {
  const json = meta.get(key);
  const items = json === undefined ? undefined : read(json, warnings);
  if (items === undefined) return [];
  held.add(key);
  return items;
}

/** The tracer's bookkeeping keys from before the `_dd.` prefix. */
const LEGACY_INTERNAL_KEYS = new Set(["_sampling_priority_v1", "_top_level"]);

function attributeKey(key: string): string {
  if (key.startsWith("_dd.")) return key.slice(1);
  return LEGACY_INTERNAL_KEYS.has(key) ? `dd.${key.slice(1)}` : key;
}

function attributes(fields: DatadogSpanFields, held: Set<string>): Attributes {
  const out: Attributes = {};
  for (const [key, value] of fields.meta) {
    if (held.has(key)) continue;
    setAttribute(out, attributeKey(key), value);
  }
  for (const [key, value] of fields.metrics) setAttribute(out, attributeKey(key), value);
  if (fields.name !== "") out["operation.name"] = fields.name;
  if (fields.type !== "") out["span.type"] = fields.type;
  if (out["db.system"] === undefined) {
    const system =
      fields.meta.get("db.type") ?? (DATASTORE_SYSTEMS.has(fields.type) ? fields.type : undefined);
    if (system) out["db.system"] = system;
  }
  return out;
}
