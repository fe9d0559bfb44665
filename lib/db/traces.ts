import type { Span } from "../model/span";
import { db } from "./pool";
import { fromRow } from "./span-rows";

/** Every stored span of a trace, earliest first; empty when the trace is unknown. */
export async function getTraceSpans(traceId: string): Promise<Span[]> {
  const rows = await db().prisma.span.findMany({
    where: { traceId },
    orderBy: [{ startUs: "asc" }, { spanId: "asc" }],
  });
  return rows.map(fromRow);
}

export interface TraceSummary {
  traceId: string;
  startUs: number;
  durationUs: number;
  spanCount: number;
  errorCount: number;
  serviceCounts: Record<string, number>;
  rootService: string;
  rootName: string;
  rootHttpStatus: number | null;
}

export async function listRecentTraces(limit: number): Promise<TraceSummary[]> {
  const rows = await db().prisma.trace.findMany({ orderBy: { startUs: "desc" }, take: limit });
  return rows.map((row) => ({
    traceId: row.traceId,
    startUs: Number(row.startUs),
    durationUs: Number(row.endUs - row.startUs),
    spanCount: row.spanCount,
    errorCount: row.errorCount,
    serviceCounts: row.serviceCounts as Record<string, number>,
    rootService: row.rootService,
    rootName: row.rootName,
    rootHttpStatus: row.rootHttpStatus,
  }));
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

/** Round trip to the database, for /api/health; throws when it is unreachable. */
export async function pingDatabase(): Promise<void> {
  await db().pool.query("SELECT 1");
}
