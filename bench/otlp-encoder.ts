import type { HrTime, SpanContext } from "@opentelemetry/api";
import { JsonTraceSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { type Resource, resourceFromAttributes } from "@opentelemetry/resources";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { Span, SpanKind } from "../lib/model/span";

/**
 * Canonical spans as the OTLP/HTTP bodies an OpenTelemetry JS SDK sends, JSON or protobuf, written by
 * the SDK's own serializers (`@opentelemetry/otlp-transformer`), so the benchmark's bodies are what
 * the exporter would POST. Spans are handed over as the SDK's finished spans, one resource per service.
 */
// SpanKind as the OTel API numbers it.
const API_KINDS: readonly SpanKind[] = ["INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER"];
const STATUS_CODES = { UNSET: 0, OK: 1, ERROR: 2 } as const;
const SCOPE = { name: "tracelight-bench", version: "1" };

export function toOtlpJsonBody(spans: Span[]): Buffer {
  return Buffer.from(JsonTraceSerializer.serializeRequest(toReadableSpans(spans)) as Uint8Array);
}

export function toOtlpProtobufBody(spans: Span[]): Buffer {
  return Buffer.from(ProtobufTraceSerializer.serializeRequest(toReadableSpans(spans)) as Uint8Array);
}

function toReadableSpans(spans: Span[]): ReadableSpan[] {
  const resources = new Map<string, Resource>();
  return spans.map((span) => {
    let resource = resources.get(span.serviceName);
    if (!resource) {
      resource = resourceFromAttributes(span.resource as Record<string, string>);
      resources.set(span.serviceName, resource);
    }
    return toReadableSpan(span, resource);
  });
}

function toReadableSpan(span: Span, resource: Resource): ReadableSpan {
  const context = (spanId: string, traceId = span.traceId): SpanContext => ({
    traceId: traceId.padStart(32, "0"),
    spanId,
    traceFlags: 1,
  });
  return {
    name: span.name,
    kind: API_KINDS.indexOf(span.kind),
    spanContext: () => context(span.spanId),
    ...(span.parentSpanId ? { parentSpanContext: context(span.parentSpanId) } : {}),
    startTime: hrTime(span.startUs),
    endTime: hrTime(span.startUs + span.durationUs),
    duration: hrTime(span.durationUs),
    status: { code: STATUS_CODES[span.status.code], message: span.status.message },
    attributes: span.attributes as ReadableSpan["attributes"],
    links: span.links.map((link) => ({
      context: context(link.spanId, link.traceId),
      attributes: link.attributes as ReadableSpan["attributes"],
    })),
    events: span.events.map((event) => ({
      name: event.name,
      time: hrTime(event.timeUs),
      attributes: event.attributes as ReadableSpan["attributes"],
    })),
    ended: true,
    resource,
    instrumentationScope: SCOPE,
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

const hrTime = (us: number): HrTime => [Math.floor(us / 1e6), (us % 1e6) * 1000];
