import type { StoredTrace } from "../api/trace";
import type { TraceSummary } from "../api/trace-summary";
import type { Span } from "../model/span";
import { planTraceReads } from "./plan-trace-reads";
import { db } from "./pool";
import { fromRow, SPAN_ROW_COLUMNS, type SpanRowValues } from "./span-rows";
import { SUMMARY_COLUMNS, type SummaryRow, summaryFromRow } from "./summary-rows";

export type { StoredTrace };

/** A stored trace, bounded as StoredTrace (lib/api/trace.ts) says; undefined when it is unknown. */
export async function readTrace(traceId: string): Promise<StoredTrace | undefined> {
  const [trace] = (await readTraces([traceId])).traces;
  return trace;
}

/**
 * Stored traces among these ids, in the order given (ids not stored are left out), with at most
 * TRACELIGHT_MAX_TRACE_SPANS spans in all: whole traces while they fit, the first one cut to the
 * bound if it alone is larger, and the ids that no longer fit in `omitted`. Through the read gate
 * (lib/db/read-gate.ts), one statement for the spans, under the read pool's statement timeout.
 */
export async function readTraces(traceIds: string[]): Promise<{ traces: StoredTrace[]; omitted: string[] }> {
  const { readPool, maxTraceSpans, traceReads } = db();
  if (traceIds.length === 0) return { traces: [], omitted: [] };
  return traceReads.run(async () => {
    const { rows: counts } = await readPool.query<{ trace_id: string; span_count: number }>(
      "SELECT trace_id, span_count FROM traces WHERE trace_id = ANY($1)",
      [traceIds],
    );
    const totals = new Map(counts.map((row) => [row.trace_id, row.span_count]));
    const { read, omitted } = planTraceReads(traceIds, totals, maxTraceSpans);
    if (read.length === 0) return { traces: [], omitted };
    // Raw SQL: Prisma's row handling doubled the time of a 10k-span trace (BENCHMARKS.md).
    const { rows } = await readPool.query<SpanRowValues>(
      `SELECT ${SPAN_ROW_COLUMNS} FROM spans s WHERE s.trace_id = ANY($1)
        ORDER BY s.trace_id, s.start_us, s.span_id LIMIT $2`,
      [read, maxTraceSpans],
    );
    const byTrace = new Map<string, Span[]>(read.map((traceId) => [traceId, []]));
    for (const row of rows) byTrace.get(row.traceId)?.push(fromRow(row));
    const traces = read.flatMap((traceId) => {
      const spans = byTrace.get(traceId) as Span[];
      // The summary can lag its spans by a commit; never report fewer than were read.
      const totalSpans = Math.max(spans.length, totals.get(traceId) ?? 0);
      return spans.length > 0 ? [{ traceId, spans, totalSpans }] : [];
    });
    return { traces, omitted };
  });
}

/** Whether any span of the trace is stored (its summary row exists). */
export async function traceExists(traceId: string): Promise<boolean> {
  const row = await db().prisma.trace.findUnique({ where: { traceId }, select: { traceId: true } });
  return row !== null;
}

export async function listRecentTraces(limit: number): Promise<TraceSummary[]> {
  const { rows } = await db().readPool.query<SummaryRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM traces t ORDER BY t.start_us DESC LIMIT $1`,
    [limit],
  );
  return rows.map(summaryFromRow);
}

/** Service names that have sent spans, sorted. */
export async function listServiceNames(): Promise<string[]> {
  const rows = await db().prisma.serviceOperation.findMany({
    distinct: ["serviceName"],
    select: { serviceName: true },
    orderBy: { serviceName: "asc" },
  });
  return rows.map((row) => row.serviceName);
}

/** Round trip to the database, for /api/health; throws when it does not answer within a second. */
export async function pingDatabase(): Promise<void> {
  await db().healthPool.query("SELECT 1");
}

interface NameMatch {
  /** Zipkin's APIs match names whatever their case: its server lower-cases them. */
  ignoreCase?: boolean;
}

/** The span names a service has sent, sorted; with `kind`, only spans of that kind. */
export async function listOperations(
  serviceName: string,
  { kind, ignoreCase }: NameMatch & { kind?: string } = {},
): Promise<{ name: string; kind: string }[]> {
  const rows = await db().prisma.serviceOperation.findMany({
    where: {
      serviceName: ignoreCase ? { equals: serviceName, mode: "insensitive" } : serviceName,
      ...(kind !== undefined ? { spanKind: kind } : {}),
    },
    orderBy: [{ spanName: "asc" }, { spanKind: "asc" }],
  });
  return rows.map((row) => ({ name: row.spanName, kind: row.spanKind }));
}

/** The services a service's spans called or were called by (remote service names), sorted. */
export async function listRemoteServiceNames(
  serviceName: string,
  { ignoreCase }: NameMatch = {},
): Promise<string[]> {
  const rows = await db().prisma.remoteService.findMany({
    where: { serviceName: ignoreCase ? { equals: serviceName, mode: "insensitive" } : serviceName },
    select: { remoteServiceName: true },
    distinct: ["remoteServiceName"],
    orderBy: { remoteServiceName: "asc" },
  });
  return rows.map((row) => row.remoteServiceName);
}

/** The values stored for an autocomplete key (Zipkin's autocompleteValues), sorted. */
export async function listAutocompleteValues(key: string): Promise<string[]> {
  const rows = await db().prisma.autocompleteValue.findMany({
    where: { key },
    select: { value: true },
    orderBy: { value: "asc" },
  });
  return rows.map((row) => row.value);
}
