import type { StoredTrace } from "../api/trace";
import { readTrace, readTraces, traceExists } from "../db/traces";
import { RequestError } from "../errors";
import { normaliseTraceId } from "../model/ids";

/**
 * The trace a URL names, bounded as lib/db/traces.ts reads it: a 400 for an id that cannot be one, a
 * 404 for one not stored. One read of its spans.
 */
export async function findTrace(rawTraceId: string): Promise<StoredTrace> {
  const id = normaliseTraceId(rawTraceId);
  if (!id.ok) throw new RequestError(400, `traceId ${id.reason}`);
  const trace = await readTrace(id.id);
  if (!trace) throw new RequestError(404, `trace ${id.id} not found`);
  return trace;
}

/** Stored traces among these (normalised) ids, bounded in all (lib/db/traces.ts readTraces). */
export const findTraces = readTraces;

/**
 * Whether a trace is stored, for the pages' 404s: its summary row, by key, never its spans (the
 * browser reads those once, from GET /api/trace/{id}).
 */
export const isTraceStored = traceExists;

/** What a reader of a truncated trace is told, in the peers' `warnings`; undefined when it is whole. */
export function truncationWarning({ spans, totalSpans }: StoredTrace): string | undefined {
  if (spans.length >= totalSpans) return undefined;
  return `truncated: the first ${spans.length} of the trace's ${totalSpans} spans (TRACELIGHT_MAX_TRACE_SPANS)`;
}

/** Why a trace asked for with others was left out of the answer. */
export function omissionMessage(traceId: string): string {
  return `trace ${traceId} left out: the traces asked for hold more spans than one answer may (TRACELIGHT_MAX_TRACE_SPANS); ask for it alone`;
}
