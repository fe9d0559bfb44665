import type { Attributes, AttributeValue, Span } from "../lib/model/span";
import { encodeJaegerBatch } from "../test/jaeger-encoders";

/**
 * One service's canonical spans as the Jaeger Thrift `Batch` body jaeger-client's HTTP sender POSTs
 * (a Batch has one Process), encoded with the library and IDL jaeger-client uses.
 */
export function toJaegerThriftBatch(serviceSpans: Span[]): Buffer {
  const { serviceName, resource } = serviceSpans[0] as Span;
  const { "service.name": _service, ...processTags } = resource;
  return encodeJaegerBatch({
    process: { serviceName, tags: tags(processTags) },
    spans: serviceSpans.map(toThriftSpan),
  });
}

function toThriftSpan(span: Span) {
  const traceId = span.traceId.padStart(32, "0");
  const kind: Attributes = span.kind === "INTERNAL" ? {} : { "span.kind": span.kind.toLowerCase() };
  return {
    traceIdLow: traceId.slice(16),
    traceIdHigh: traceId.slice(0, 16),
    spanId: span.spanId,
    parentSpanId: i64(0n),
    ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
    operationName: span.name,
    flags: 1,
    startTime: i64(BigInt(span.startUs)),
    duration: i64(BigInt(span.durationUs)),
    tags: tags({ ...span.attributes, ...kind }),
    logs: span.events.map((event) => ({
      timestamp: i64(BigInt(event.timeUs)),
      fields: tags({ event: event.name, ...event.attributes }),
    })),
  };
}

/** An i64 as the 16 hex digits of its two's-complement bits, as encodeJaegerBatch takes it. */
const i64 = (value: bigint) => BigInt.asUintN(64, value).toString(16).padStart(16, "0");

function tags(attributes: Attributes) {
  return Object.entries(attributes).map(([key, value]) => tag(key, value));
}

function tag(key: string, value: AttributeValue) {
  if (typeof value === "boolean") return { key, vType: "BOOL", vBool: value };
  if (typeof value === "number" && Number.isInteger(value))
    return { key, vType: "LONG", vLong: i64(BigInt(value)) };
  if (typeof value === "number") return { key, vType: "DOUBLE", vDouble: value };
  return { key, vType: "STRING", vStr: typeof value === "string" ? value : JSON.stringify(value) };
}
