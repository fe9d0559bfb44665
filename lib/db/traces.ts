import type { StoredTrace } from "../api/trace";
import type { Span } from "../model/span";
import { cardinalityCaps } from "./cardinality";
import { planTraceReads } from "./plan-trace-reads";
import { db } from "./pool";
import { fromRow, SPAN_ROW_COLUMNS, type SpanRowValues } from "./span-rows";

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

/** Whether any span of the trace is stored (its summary row exists), by key on the read pool. */
export async function traceExists(traceId: string): Promise<boolean> {
  const row = await db().readPrisma.trace.findUnique({ where: { traceId }, select: { traceId: true } });
  return row !== null;
}

/**
 * Service names that have sent spans, sorted: the services list, at most TRACELIGHT_MAX_SERVICES of
 * them (lib/db/save-spans.ts keeps it near that; a list grown under a higher cap is cut to it here).
 */
export async function listServiceNames(): Promise<string[]> {
  const rows = await db().readPrisma.service.findMany({
    select: { serviceName: true },
    orderBy: { serviceName: "asc" },
    take: cardinalityCaps().services,
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

/** The stored spellings of a service name: itself, or with `ignoreCase` every case of it, by index. */
function serviceCondition(serviceName: string, { ignoreCase }: NameMatch): { sql: string; param: string } {
  return ignoreCase
    ? {
        sql: `service_name IN (SELECT service_name FROM services
                WHERE lower(service_name) COLLATE "C" = lower($1) COLLATE "C")`,
        param: serviceName,
      }
    : { sql: "service_name = $1", param: serviceName };
}

/**
 * The span names a service has sent, sorted; with `kind`, only spans of that kind. At most
 * TRACELIGHT_MAX_OPERATIONS_PER_SERVICE of them.
 */
export async function listOperations(
  serviceName: string,
  { kind, ...match }: NameMatch & { kind?: string } = {},
): Promise<{ name: string; kind: string }[]> {
  const service = serviceCondition(serviceName, match);
  const { rows } = await db().readPool.query<{ name: string; kind: string }>(
    `SELECT DISTINCT span_name AS name, span_kind AS kind FROM service_operations
      WHERE ${service.sql} AND ($2::text IS NULL OR span_kind = $2)
      ORDER BY name, kind LIMIT $3`,
    [service.param, kind ?? null, cardinalityCaps().operationsPerService],
  );
  return rows;
}

/** The services a service's spans called or were called by (remote service names), sorted. */
export async function listRemoteServiceNames(serviceName: string, match: NameMatch = {}): Promise<string[]> {
  const service = serviceCondition(serviceName, match);
  const { rows } = await db().readPool.query<{ name: string }>(
    `SELECT DISTINCT remote_service_name AS name FROM remote_services WHERE ${service.sql}
      ORDER BY name LIMIT $2`,
    [service.param, cardinalityCaps().operationsPerService],
  );
  return rows.map((row) => row.name);
}

/** The values stored for an autocomplete key (Zipkin's autocompleteValues), sorted; by key. */
export async function listAutocompleteValues(key: string): Promise<string[]> {
  const rows = await db().readPrisma.autocompleteValue.findMany({
    where: { key },
    select: { value: true },
    orderBy: { value: "asc" },
    take: cardinalityCaps().autocompleteValues,
  });
  return rows.map((row) => row.value);
}
