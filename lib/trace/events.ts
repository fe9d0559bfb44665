import type { SpanEvent } from "../model/span";
import type { TraceRow, TraceTree } from "./tree";

/**
 * Every event of a trace (OTel events, Zipkin annotations, Jaeger logs), in time order: parallel
 * arrays, `rows[i]` and `events[i]` (the index in that row's `span.events`), so a 100k-span trace
 * with an event or two per span costs three typed arrays, not an object per event. Equal times keep
 * the trace's order (pre-order, then the span's own order).
 */
export interface TraceEvents {
  count: number;
  rows: Int32Array;
  events: Int32Array;
}

export function traceEvents(tree: TraceTree): TraceEvents {
  let count = 0;
  for (const { span } of tree.rows) count += span.events.length;
  const rows = new Int32Array(count);
  const events = new Int32Array(count);
  const timesUs = new Float64Array(count);
  let i = 0;
  tree.rows.forEach(({ span }, row) => {
    span.events.forEach((event, index) => {
      rows[i] = row;
      events[i] = index;
      timesUs[i] = event.timeUs;
      i++;
    });
  });
  // Sorting positions by time; ties by position, which is the trace's order.
  const order = new Int32Array(count).map((_, at) => at);
  order.sort((a, b) => (timesUs[a] as number) - (timesUs[b] as number) || a - b);
  return {
    count,
    rows: order.map((at) => rows[at] as number),
    events: order.map((at) => events[at] as number),
  };
}

/** The i-th event in time order, with its row. */
export function eventAt(tree: TraceTree, events: TraceEvents, i: number): { row: number; event: SpanEvent } {
  const row = events.rows[i] as number;
  const { span } = tree.rows[row] as TraceRow;
  return { row, event: span.events[events.events[i] as number] as SpanEvent };
}
