import type { TraceSummary } from "../api/trace-summary";
import type { Span } from "../model/span";
import { db } from "./pool";
import { fromRow, SPAN_ROW_COLUMNS, type SpanRowValues } from "./span-rows";
import { SUMMARY_COLUMNS, type SummaryRow, summaryFromRow } from "./summary-rows";

/** Every stored span of a trace, earliest first; empty when the trace is unknown. */
export async function getTraceSpans(traceId: string): Promise<Span[]> {
  return getTracesSpans([traceId]);
}

/** The stored traces among these ids, in the order given, each as its spans earliest first. */
export async function getTraces(traceIds: string[]): Promise<Span[][]> {
  const byTrace = new Map<string, Span[]>(traceIds.map((traceId) => [traceId, []]));
  for (const span of await getTracesSpans(traceIds)) byTrace.get(span.traceId)?.push(span);
  return [...byTrace.values()].filter((spans) => spans.length > 0);
}

/** Every stored span of these traces, each trace's earliest first. */
async function getTracesSpans(traceIds: string[]): Promise<Span[]> {
  if (traceIds.length === 0) return [];
  // Raw SQL: Prisma's row handling doubled the time of a 10k-span trace (BENCHMARKS.md).
  const { rows } = await db().pool.query<SpanRowValues>(
    `SELECT ${SPAN_ROW_COLUMNS} FROM spans s WHERE s.trace_id = ANY($1)
      ORDER BY s.trace_id, s.start_us, s.span_id`,
    [traceIds],
  );
  return rows.map(fromRow);
}

/** Whether any span of the trace is stored (its summary row exists). */
export async function traceExists(traceId: string): Promise<boolean> {
  const row = await db().prisma.trace.findUnique({ where: { traceId }, select: { traceId: true } });
  return row !== null;
}

export async function listRecentTraces(limit: number): Promise<TraceSummary[]> {
  const { rows } = await db().pool.query<SummaryRow>(
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
