import protobuf from "protobufjs";
import type { AttributeValue, Span } from "../model/span";
import type { FieldExpr } from "../traceql/ast";
import type { TraceMatch } from "../traceql/evaluate";
import { anyValue, encodeOtlpJson, type OtlpKeyValue } from "./otlp-json";
import { encodeOtlpProto } from "./otlp-proto";

/**
 * Tempo's HTTP API answers (pkg/tempopb's messages in gogo's JSON: 64-bit numbers as strings, zero
 * values left out), for Grafana's Tempo data source. Grafana reads search answers strictly: a field
 * Tempo does not define fails the whole search, so nothing else is written.
 */

export interface TempoSpan {
  spanID: string;
  name: string;
  startTimeUnixNano: string;
  durationNanos: string;
  attributes?: OtlpKeyValue[];
}

export interface TempoSpanSet {
  spans: TempoSpan[];
  matched: number;
  attributes?: OtlpKeyValue[];
}

export interface TempoTraceSearchMetadata {
  traceID: string;
  rootServiceName: string;
  rootTraceName: string;
  startTimeUnixNano: string;
  durationMs?: number;
  spanSets: TempoSpanSet[];
}

export interface TempoSearchResponse {
  traces: TempoTraceSearchMetadata[];
  metrics: { inspectedTraces?: number };
}

const nanos = (us: number) => `${Math.round(us)}000`;

/**
 * The search answer: each matched trace with its spansets, at most `spss` spans each (`matched` the
 * count before the cut). Each span carries `service.name` and the attributes the query compared or
 * selected, under their bare names, as Tempo's do.
 */
export function tempoSearchResponse(
  matches: TraceMatch[],
  fields: FieldExpr[],
  spss: number,
): TempoSearchResponse {
  return {
    traces: matches.map(({ trace, spansets, selected }) => {
      const shown = [...fields, ...selected];
      return {
        // Tempo writes ids without leading zeros, and pads them back when asked for one.
        traceID: trace.traceId.replace(/^0+/, ""),
        rootServiceName: trace.rootService,
        rootTraceName: trace.rootName,
        startTimeUnixNano: nanos(trace.startUs),
        ...(trace.durationUs >= 1000 ? { durationMs: Math.floor(trace.durationUs / 1000) } : {}),
        spanSets: spansets.map((spanset) => ({
          spans: spanset.spans.slice(0, spss).map((span) => tempoSpan(span, shown)),
          matched: spanset.spans.length,
          ...(Object.keys(spanset.attributes).length > 0
            ? {
                attributes: Object.entries(spanset.attributes).map(([key, value]) => ({
                  key,
                  value: anyValue(value),
                })),
              }
            : {}),
        })),
      };
    }),
    metrics: { inspectedTraces: matches.length },
  };
}

function tempoSpan(span: Span, fields: FieldExpr[]): TempoSpan {
  const attributes = new Map<string, AttributeValue>([["service.name", span.serviceName]]);
  for (const field of fields) {
    if (field.kind === "attribute" && !field.parent) {
      const value =
        field.scope === "resource"
          ? span.resource[field.name]
          : field.scope === "span"
            ? span.attributes[field.name]
            : (span.attributes[field.name] ?? span.resource[field.name]);
      if (value !== undefined) attributes.set(field.name, value);
    } else if (field.kind === "intrinsic") {
      if (field.name === "status") attributes.set("status", span.status.code.toLowerCase());
      if (field.name === "kind") attributes.set("kind", span.kind.toLowerCase());
      if (field.name === "statusMessage" && span.status.message)
        attributes.set("statusMessage", span.status.message);
    }
  }
  return {
    spanID: span.spanId,
    name: span.name,
    startTimeUnixNano: nanos(span.startUs),
    durationNanos: nanos(span.durationUs),
    attributes: [...attributes].map(([key, value]) => ({ key, value: anyValue(value) })),
  };
}

/**
 * `GET /api/v2/traces/{id}` as protobuf: TraceByIDResponse, the trace as its field 1 (empty when none
 * is stored, which Grafana reads as "not found"), and a trace cut at the span bound marked PARTIAL
 * (field 3) with why (field 4).
 */
export function tempoTraceByIdProto(spans: Span[], partial?: string): Uint8Array {
  const writer = protobuf.Writer.create();
  // Each field's tag is its number and wire type: 2 length-delimited, 0 a varint.
  if (spans.length > 0) writer.uint32((1 << 3) | 2).bytes(encodeOtlpProto(spans));
  if (partial)
    writer
      .uint32(3 << 3)
      .int32(1)
      .uint32((4 << 3) | 2)
      .string(partial);
  return writer.finish();
}

/** The JSON forms: v1 names the resource spans `batches`, v2 wraps them in `trace` with its status. */
export function tempoTraceJson(spans: Span[], version: 1 | 2, partial?: string): unknown {
  const { resourceSpans } = encodeOtlpJson(spans);
  if (version === 1) return { batches: resourceSpans };
  return {
    trace: spans.length > 0 ? { resourceSpans } : {},
    ...(partial ? { status: "PARTIAL", message: partial } : {}),
  };
}
