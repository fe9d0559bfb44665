import type { Span } from "../model/span";
import { autocompleteValues } from "../search/terms";
import { bucketOf } from "../services/histogram";
import { floorMinuteUs } from "../time/hours";
import { toCopyText } from "./copy-text";
import { traceDeltas } from "./trace-deltas";

/**
 * A request's spans as the rows lib/db/save-spans.ts writes: COPY text for `spans`, and JSON for the
 * summary tables. Pure and free of the database, so that it runs wherever the spans were decoded —
 * on a decode worker thread for a large body (lib/collector/decode-pool.ts) — and the event loop only
 * ever handles strings. Everything in it is a string or a number, which crosses threads as a copy.
 */
export interface SpanBatch {
  spanCount: number;
  /** The spans as UTF-8 COPY text, one line each (lib/db/copy-text.ts): bytes, ready for the socket. */
  copyRows: Uint8Array;
  summaries: SummaryRows;
}

/** The JSON parameters of SAVE_SUMMARIES (lib/db/save-spans.ts), one per summary table. */
export interface SummaryRows {
  /** Trace deltas (lib/db/trace-deltas.ts). */
  traces: string;
  /** [service, span name, kind]. */
  operations: string;
  /** [service, remote service]. */
  remoteServices: string;
  /** [tag key, value] for autocompletion. */
  autocomplete: string;
  /** [service, span name, kind, minute, buckets, counts, errors] for the latency histograms. */
  latency: string;
}

export interface BatchOptions {
  /** The tag keys whose values are kept for Zipkin's autocompleteValues. */
  autocompleteKeys: readonly string[];
}

export function prepareSpanBatch(spans: Span[], options: BatchOptions): SpanBatch {
  return {
    spanCount: spans.length,
    copyRows: Buffer.from(toCopyText(spans), "utf8"),
    summaries: summaryRows(spans, options),
  };
}

/** The summary rows of these spans alone: what the spans newly stored from a batch add. */
export function summaryRows(spans: Span[], { autocompleteKeys }: BatchOptions): SummaryRows {
  const operations = spans.map(({ serviceName, name, kind }) => [serviceName, name, kind]);
  const remoteServices = spans.flatMap(({ serviceName, remoteServiceName }) =>
    remoteServiceName ? [[serviceName, remoteServiceName]] : [],
  );
  return {
    traces: JSON.stringify(traceDeltas(spans)),
    operations: JSON.stringify(distinctSorted(operations)),
    remoteServices: JSON.stringify(distinctSorted(remoteServices)),
    autocomplete: JSON.stringify(distinctSorted(autocompleteValues(spans, new Set(autocompleteKeys)))),
    latency: JSON.stringify(latencyCounts(spans)),
  };
}

/** Where a span sits in `spans`: its primary key, as INSERT … RETURNING gives it back. */
export function storageKey(span: Pick<Span, "traceId" | "spanId" | "shared" | "startUs">): string {
  return `${span.traceId}/${span.spanId}/${span.shared === true}/${span.startUs}`;
}

/** The spans whose keys are in `keys`, each key once: the spans an insert actually stored. */
export function spansWithKeys(spans: readonly Span[], keys: Iterable<string>): Span[] {
  const wanted = new Set(keys);
  return spans.filter((span) => wanted.delete(storageKey(span)));
}

/**
 * What the spans add to the latency histograms: [service, span name, kind, minute, buckets, counts,
 * errors], one row per operation, kind and minute, its buckets ascending with their calls and errors
 * in parallel arrays, counted here so the statement appends one row per operation and minute rather
 * than one per span or per bucket (lib/db/fold-counts.ts folds them into the minutes and hours).
 */
function latencyCounts(spans: readonly Span[]): (string | number | number[])[][] {
  const rows = new Map<
    string,
    { key: [string, string, string, number]; buckets: Map<number, [number, number]> }
  >();
  for (const { serviceName, name, kind, startUs, durationUs, status } of spans) {
    const minuteUs = floorMinuteUs(startUs);
    const key = `${serviceName}\u0000${name}\u0000${kind}\u0000${minuteUs}`;
    let row = rows.get(key);
    if (!row) {
      row = { key: [serviceName, name, kind, minuteUs], buckets: new Map() };
      rows.set(key, row);
    }
    const bucket = bucketOf(durationUs);
    const counts = row.buckets.get(bucket) ?? [0, 0];
    counts[0]++;
    if (status.code === "ERROR") counts[1]++;
    row.buckets.set(bucket, counts);
  }
  return [...rows.values()].map(({ key, buckets }) => {
    const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
    return [
      ...key,
      sorted.map(([bucket]) => bucket),
      sorted.map(([, c]) => c[0]),
      sorted.map(([, c]) => c[1]),
    ];
  });
}

/** Each row once, in key order: concurrent requests then lock the rows they share in the same order. */
function distinctSorted(rows: string[][]): string[][] {
  const byKey = new Map(rows.map((row) => [row.join("\u0000"), row]));
  return [...byKey.keys()].sort().map((key) => byKey.get(key) as string[]);
}
