import type { Span } from "../model/span";

export interface JaegerSpanIds {
  spanId: string;
  parentSpanId: string | undefined;
}

/**
 * The span and parent ids Jaeger's query service shows, index for index with `spans`.
 *
 * Jaeger UI needs span ids to be unique, and a Zipkin call's client and server halves share one. So, as
 * the query service's span-id uniquifier does, the server half of a shared id (`shared`, whose client
 * half is in the trace) gets the lowest id unused in the trace from 1 up, its client half becomes its
 * parent, and the spans that named the shared id as their parent move under the server half, the side
 * that made them. This is also how lib/trace draws them. Other ids are left as they are.
 *
 *   client  C ─────────────┐            client  C (id x)
 *   server  S (x, shared)  │    ──►      └ server  S (id 0…01, parent x)
 *   child   (parent x) ────┘                └ child   (parent 0…01)
 */
export function jaegerSpanIds(spans: readonly Span[]): JaegerSpanIds[] {
  const used = new Set<string>();
  const unshared = new Set<string>();
  for (const span of spans) {
    used.add(span.spanId);
    if (!span.shared) unshared.add(span.spanId);
  }
  const renamed = new Map<string, string>();
  let next = 0;
  const ids = spans.map((span): JaegerSpanIds => {
    if (!span.shared || !unshared.has(span.spanId))
      return { spanId: span.spanId, parentSpanId: span.parentSpanId };
    let id: string;
    do id = (++next).toString(16).padStart(16, "0");
    while (used.has(id));
    renamed.set(span.spanId, id);
    return { spanId: id, parentSpanId: span.spanId };
  });
  if (renamed.size === 0) return ids;
  return ids.map((own, i) => {
    // A renamed server half keeps its client half as its parent.
    if (own.spanId !== spans[i]?.spanId || own.parentSpanId === undefined) return own;
    const parent = renamed.get(own.parentSpanId);
    return parent === undefined ? own : { spanId: own.spanId, parentSpanId: parent };
  });
}
