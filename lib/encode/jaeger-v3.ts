import type { Span } from "../model/span";
import { encodeOtlpJson, type OtlpTracesData } from "./otlp-json";

/**
 * Jaeger's API v3 answers (its `api_v3` protos in JSON): traces as OTLP/JSON under `result`, search
 * results as trace summaries. Counts of zero are left out, as Jaeger's JSON leaves them.
 */

export interface JaegerV3Result {
  result: OtlpTracesData;
}

export function jaegerV3Result(spans: Span[]): JaegerV3Result {
  return { result: encodeOtlpJson(spans) };
}

export interface JaegerServiceSummary {
  name: string;
  spanCount: number;
  errorSpanCount?: number;
}

export interface JaegerTraceSummary {
  traceId: string;
  rootServiceName: string;
  rootOperationName: string;
  minStartTimeUnixNano: string;
  maxEndTimeUnixNano: string;
  spanCount: number;
  errorSpanCount?: number;
  orphanSpanCount?: number;
  services: JaegerServiceSummary[];
}

/**
 * A trace as Jaeger UI's search lists it (2.19+, `GET /api/v3/trace-summaries`): its root (the
 * earliest span without a parent), its extent, and its spans, errors and orphans (spans whose parent
 * is not in the trace) in all and per service, the services by name. Jaeger UI wants 32 hex digits.
 */
export function jaegerTraceSummary(spans: Span[]): JaegerTraceSummary {
  const ids = new Set(spans.map((span) => span.spanId));
  let root: Span | undefined;
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  let errors = 0;
  let orphans = 0;
  const services = new Map<string, JaegerServiceSummary>();
  for (const span of spans) {
    if (span.parentSpanId === undefined && (!root || span.startUs < root.startUs)) root = span;
    if (span.parentSpanId !== undefined && !ids.has(span.parentSpanId)) orphans++;
    start = Math.min(start, span.startUs);
    end = Math.max(end, span.startUs + span.durationUs);
    const service = services.get(span.serviceName) ?? { name: span.serviceName, spanCount: 0 };
    service.spanCount++;
    if (span.status.code === "ERROR") {
      errors++;
      service.errorSpanCount = (service.errorSpanCount ?? 0) + 1;
    }
    services.set(span.serviceName, service);
  }
  return {
    traceId: (spans[0]?.traceId ?? "").padStart(32, "0"),
    rootServiceName: root?.serviceName ?? "",
    rootOperationName: root?.name ?? "",
    minStartTimeUnixNano: `${start}000`,
    maxEndTimeUnixNano: `${end}000`,
    spanCount: spans.length,
    ...(errors > 0 ? { errorSpanCount: errors } : {}),
    ...(orphans > 0 ? { orphanSpanCount: orphans } : {}),
    services: [...services.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  };
}
