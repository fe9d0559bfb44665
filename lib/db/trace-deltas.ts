import { httpStatusCode } from "../ingest/door/normalise";
import type { Span } from "../model/span";

/**
 * What a batch of newly stored spans adds to each trace's summary row. The database merges a delta
 * into the row it has (lib/db/save-spans.ts): counts add up, the time range widens, and the better
 * root candidate wins — a parentless span over a child, then the earlier one — so the summary does
 * not depend on the order in which a trace's spans arrive.
 */
export interface TraceDelta {
  trace_id: string;
  start_us: number;
  end_us: number;
  span_count: number;
  error_count: number;
  service_counts: Record<string, number>;
  root_span_id: string;
  root_service: string;
  root_name: string;
  root_start_us: number;
  root_parentless: boolean;
  root_http_status: number | null;
}

export function traceDeltas(spans: readonly Span[]): TraceDelta[] {
  const deltas = new Map<string, TraceDelta>();
  for (const span of spans) {
    const endUs = span.startUs + span.durationUs;
    const parentless = span.parentSpanId === undefined;
    let delta = deltas.get(span.traceId);
    if (!delta) {
      delta = {
        trace_id: span.traceId,
        start_us: span.startUs,
        end_us: endUs,
        span_count: 0,
        error_count: 0,
        service_counts: {},
        ...rootFields(span),
      };
      deltas.set(span.traceId, delta);
    } else if (isBetterRoot(parentless, span.startUs, delta)) {
      Object.assign(delta, rootFields(span));
    }
    delta.start_us = Math.min(delta.start_us, span.startUs);
    delta.end_us = Math.max(delta.end_us, endUs);
    delta.span_count++;
    if (span.status.code === "ERROR") delta.error_count++;
    delta.service_counts[span.serviceName] = (delta.service_counts[span.serviceName] ?? 0) + 1;
  }
  return [...deltas.values()].sort((a, b) =>
    a.trace_id < b.trace_id ? -1 : a.trace_id > b.trace_id ? 1 : 0,
  );
}

function isBetterRoot(parentless: boolean, startUs: number, current: TraceDelta): boolean {
  if (parentless !== current.root_parentless) return parentless;
  return startUs < current.root_start_us;
}

function rootFields(span: Span) {
  return {
    root_span_id: span.spanId,
    root_service: span.serviceName,
    root_name: span.name,
    root_start_us: span.startUs,
    root_parentless: span.parentSpanId === undefined,
    root_http_status: httpStatusCode(span.attributes) ?? null,
  };
}
