import type { Span } from "../model/span";
import { jaegerSpanIds } from "./jaeger-span-ids";
import { attributeTags, type JaegerLog, type JaegerTag, jaegerLog, spanTags } from "./jaeger-tags";

export type { JaegerLog, JaegerTag } from "./jaeger-tags";

export interface JaegerReference {
  refType: "CHILD_OF" | "FOLLOWS_FROM";
  traceID: string;
  spanID: string;
}

export interface JaegerProcess {
  serviceName: string;
  tags: JaegerTag[];
}

/** A span as Jaeger's `/api/traces` writes it, keys in Jaeger's order; times in microseconds. */
export interface JaegerSpan {
  traceID: string;
  spanID: string;
  flags: number;
  operationName: string;
  /** The parent first (CHILD_OF), then the span's links. */
  references: JaegerReference[];
  startTime: number;
  duration: number;
  tags: JaegerTag[];
  logs: JaegerLog[];
  /** A key of the trace's `processes`. */
  processID: string;
  warnings: string[] | null;
}

export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, JaegerProcess>;
  warnings: string[] | null;
}

export interface JaegerError {
  code?: number;
  msg: string;
  traceID?: string;
}

/** Every response of Jaeger's HTTP query API: `total`, `limit` and `offset` are 0 unless set. */
export interface JaegerEnvelope<T> {
  data: T;
  total: number;
  limit: number;
  offset: number;
  errors: JaegerError[] | null;
}

export interface JaegerTraceOptions {
  /**
   * Jaeger's `?raw=true`: skip the query service's adjustment, which here is only giving the server
   * half of a Zipkin shared span id an id of its own (see `jaegerSpanIds`).
   */
  raw?: boolean;
  /** A trace-level warning, e.g. that the trace was truncated (lib/read/traces.ts). */
  warning?: string | undefined;
}

// Jaeger's flags: 1 sampled (every stored span was), 2 debug (force-sampled).
const SAMPLED = 1;
const DEBUG = 2;

/**
 * Encodes all the spans of one trace as the trace object of Jaeger's `/api/traces` and
 * `/api/traces/{id}`, as Jaeger's UI-model converter writes it after the OTel → Jaeger translator:
 * the inverse of `decodeJaegerJson` where Jaeger can carry what the span model holds. Spans keep
 * their order; one process per distinct (service, resource), `p1`, `p2`, … in order of first
 * appearance. Not written, as Jaeger has no place for them: link attributes and OTel link types
 * (links become FOLLOWS_FROM, as the translator does), scope attributes. Never mutates `spans`.
 */
export function encodeJaegerTrace(spans: Span[], options: JaegerTraceOptions = {}): JaegerTrace {
  const processes: Record<string, JaegerProcess> = {};
  const processIds = new Map<string, string>();
  const ids = options.raw ? undefined : jaegerSpanIds(spans);
  const encoded = spans.map((span, i): JaegerSpan => {
    const tags = attributeTags(withoutServiceName(span.resource));
    const identity = JSON.stringify([span.serviceName, tags]);
    let processID = processIds.get(identity);
    if (processID === undefined) {
      processID = `p${processIds.size + 1}`;
      processIds.set(identity, processID);
      processes[processID] = { serviceName: span.serviceName, tags };
    }
    const { spanId, parentSpanId } = ids?.[i] ?? span;
    return encodeSpan(span, spanId, parentSpanId, processID);
  });
  return {
    traceID: spans[0]?.traceId ?? "",
    spans: encoded,
    processes,
    warnings: options.warning ? [options.warning] : null,
  };
}

/**
 * The envelope Jaeger's HTTP query API wraps every answer in; `errors` is null, not [], when there
 * are none, as Jaeger writes it. `jaegerEnvelope(null, {errors: [{code: 400, msg}]})` is its error.
 */
export function jaegerEnvelope<T>(
  data: T,
  options: { total?: number; errors?: JaegerError[] } = {},
): JaegerEnvelope<T> {
  return { data, total: options.total ?? 0, limit: 0, offset: 0, errors: options.errors ?? null };
}

function encodeSpan(
  span: Span,
  spanId: string,
  parentSpanId: string | undefined,
  processID: string,
): JaegerSpan {
  const references: JaegerReference[] = [];
  if (parentSpanId !== undefined)
    references.push({ refType: "CHILD_OF", traceID: span.traceId, spanID: parentSpanId });
  for (const link of span.links) {
    // OTel links are FOLLOWS_FROM unless they say otherwise, as the OTel → Jaeger translator reads them.
    const childOf =
      link.type === "CHILD_OF" ||
      (link.type === "LINK" && link.attributes?.["opentracing.ref_type"] === "child_of");
    references.push({
      refType: childOf ? "CHILD_OF" : "FOLLOWS_FROM",
      traceID: link.traceId,
      spanID: link.spanId,
    });
  }
  return {
    traceID: span.traceId,
    spanID: spanId,
    flags: span.debug ? SAMPLED | DEBUG : SAMPLED,
    operationName: span.name,
    references,
    startTime: span.startUs,
    duration: span.durationUs,
    tags: spanTags(span),
    logs: span.events.map(jaegerLog),
    processID,
    warnings: span.warnings && span.warnings.length > 0 ? span.warnings : null,
  };
}

/** The process tags: the resource without `service.name`, which is the process's `serviceName`. */
function withoutServiceName(resource: Span["resource"]): Span["resource"] {
  if (resource["service.name"] === undefined) return resource;
  const { "service.name": _, ...rest } = resource;
  return rest;
}
