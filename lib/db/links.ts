import type pg from "pg";
import type { Span } from "../model/span";
import { metrics } from "../observe/metrics";
import { bucketOf } from "../services/histogram";
import type { NodeKind } from "../services/links";
import { PEER_ATTRIBUTE_KEYS } from "../services/links";
import { linksAndPaths } from "../services/service-paths";
import { floorHourUs } from "../time/hours";
import { every } from "./every";
import { replacePathShares, type TracePaths } from "./path-shares";
import { db } from "./pool";
import { fromRow, type SpanRowValues } from "./span-rows";

/**
 * The span columns derivation reads: all but the JSON ones, which it does not look at, and of the
 * attributes only those naming a peer (PEER_ATTRIBUTE_KEYS). Reading whole spans back, their JSON
 * parsed by PostgreSQL's output and again by Node's, cost as much CPU as storing them had.
 */
const LINK_ROW_COLUMNS = `s.trace_id AS "traceId", s.span_id AS "spanId", s.shared,
  s.parent_span_id AS "parentSpanId", s.name, s.kind, s.service_name AS "serviceName",
  s.remote_service_name AS "remoteServiceName", s.start_us AS "startUs", s.duration_us AS "durationUs",
  s.status_code AS "statusCode", s.status_message AS "statusMessage", s.http_status AS "httpStatus",
  jsonb_strip_nulls(jsonb_build_object(${PEER_ATTRIBUTE_KEYS.map((key) => `'${key}', s.attributes -> '${key}'`).join(", ")}))
    AS attributes,
  NULL AS resource, NULL AS events, NULL AS links, NULL AS scope, s.debug, NULL AS warnings`;

/**
 * The dependency graph's upkeep. Ingest queues each trace it touches with a due time a little
 * later (lib/db/save-spans.ts), pushed back while its spans keep arriving; here, due traces are read
 * whole, their links derived (lib/services/links.ts), and their share of the graph replaced: what
 * their previous derivation added is taken out of `dependency_links` and the new share added, so a
 * trace whose spans came in several requests is counted once, with all its links. Their call paths
 * through services are replaced the same way, from the same read (lib/db/path-shares.ts).
 *
 * One process at a time does it (an advisory lock), in batches, each in one transaction.
 */
const BATCH = 200;
const LOCK_ID = 7_246_113_003;

/** Derives the links of up to BATCH due traces; returns how many traces it read. */
export async function deriveDueLinks(nowUs = Date.now() * 1000): Promise<number> {
  const client = await db().pool.connect();
  try {
    await client.query("BEGIN");
    const { rows: lock } = await client.query<{ locked: boolean }>(
      "SELECT pg_try_advisory_xact_lock($1) AS locked",
      [LOCK_ID],
    );
    const traceIds = lock[0]?.locked ? await takeDue(client, nowUs) : [];
    if (traceIds.length > 0) await replaceShares(client, traceIds);
    await client.query("COMMIT");
    return traceIds.length;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Derives links every `intervalMs` until stopped, draining the due traces each time, then reports how
 * far behind it is (tracelight_link_derivation_lag_seconds): how long the oldest due trace has waited.
 */
export function deriveLinksContinuously(intervalMs: number): () => void {
  return every(intervalMs, "deriving dependency links failed; retrying", async () => {
    let read: number;
    do read = await deriveDueLinks();
    while (read === BATCH);
    metrics.linkLag.set(await derivationLagS());
  });
}

/** Seconds the oldest trace due for derivation has been due; 0 when none is. */
async function derivationLagS(nowUs = Date.now() * 1000): Promise<number> {
  const { rows } = await db().pool.query<{ due: string | null }>("SELECT min(due_us) AS due FROM link_queue");
  const due = rows[0]?.due;
  return due === null || due === undefined ? 0 : Math.max(0, (nowUs - Number(due)) / 1e6);
}

async function takeDue(client: pg.PoolClient, nowUs: number): Promise<string[]> {
  const { rows } = await client.query<{ trace_id: string }>(
    `DELETE FROM link_queue WHERE trace_id IN (
       SELECT trace_id FROM link_queue WHERE due_us <= $1 ORDER BY due_us LIMIT $2 FOR UPDATE SKIP LOCKED)
     RETURNING trace_id`,
    [nowUs, BATCH],
  );
  return rows.map((row) => row.trace_id).sort();
}

async function replaceShares(client: pg.PoolClient, traceIds: string[]): Promise<void> {
  // The spans are read by trace id, a primary-key lookup. While a day's partition fills faster than
  // autovacuum analyzes it, PostgreSQL misjudges how many rows 200 ids match and scans the whole
  // partition: 300 ms a batch at 1M spans against 25 ms through the index.
  await client.query("SET LOCAL enable_seqscan = off");
  // Within the traces' time span, given as values so that the planner reads only the day partitions
  // holding it: probing every partition's index for each id cost four times the read itself. (Bounds
  // computed inside the same statement prune only at run time, which cost as much again.)
  const { rows: bounds } = await client.query<{ from: string | null; to: string | null }>(
    `SELECT min(start_us) AS from, max(end_us) AS to FROM traces WHERE trace_id = ANY($1)`,
    [traceIds],
  );
  const { rows } = await client.query<SpanRowValues>(
    `SELECT ${LINK_ROW_COLUMNS} FROM spans s
     WHERE s.trace_id = ANY($1) AND s.start_us BETWEEN $2 AND $3 ORDER BY s.trace_id, s.start_us`,
    [traceIds, bounds[0]?.from ?? 0, bounds[0]?.to ?? 0],
  );
  const traces = new Map<string, Span[]>();
  for (const row of rows) {
    const span = fromRow(row);
    const trace = traces.get(span.traceId);
    if (trace) trace.push(span);
    else traces.set(span.traceId, [span]);
  }
  const shares: (string | number)[][] = [];
  const kinds = new Map<string, NodeKind>();
  const paths: TracePaths[] = [];
  for (const [traceId, spans] of traces) {
    const derived = linksAndPaths(spans);
    // The spans came in start order: the first is the trace's earliest.
    paths.push({ traceId, startUs: spans[0]?.startUs ?? 0, paths: derived.paths });
    const { calls, nodes } = derived.links;
    for (const [name, kind] of nodes) kinds.set(name, kind);
    const cells = new Map<string, (string | number)[]>();
    for (const { parent, child, error, durationUs, startUs } of calls) {
      const hourUs = floorHourUs(startUs);
      const bucket = bucketOf(durationUs);
      const key = `${parent}\u0000${child}\u0000${hourUs}\u0000${bucket}`;
      const cell = cells.get(key) ?? [traceId, parent, child, hourUs, bucket, 0, 0];
      (cell[5] as number)++;
      if (error) (cell[6] as number)++;
      cells.set(key, cell);
    }
    shares.push(...cells.values());
  }
  // The previous shares out, then the new ones in, in separate statements: one statement may not
  // delete and insert the same trace_links key.
  await client.query(TAKE_BACK, [traceIds]);
  await client.query(ADD_SHARES, [JSON.stringify(shares), JSON.stringify([...kinds].sort())]);
  await replacePathShares(client, traceIds, paths);
}

/** $1: trace ids. Their shares leave trace_links and are subtracted from the graph. */
const TAKE_BACK = `
WITH old AS (
  DELETE FROM trace_links WHERE trace_id = ANY($1::text[])
  RETURNING hour_us, parent, child, bucket, calls, errors
)
UPDATE dependency_links l SET calls = l.calls - o.calls, errors = l.errors - o.errors
FROM (SELECT hour_us, parent, child, bucket, sum(calls)::int AS calls, sum(errors)::int AS errors
      FROM old GROUP BY 1, 2, 3, 4) o
WHERE l.hour_us = o.hour_us AND l.parent = o.parent AND l.child = o.child AND l.bucket = o.bucket`;

/**
 * $1: [trace id, parent, child, hour, bucket, calls, errors]; $2: [node, kind]. The shares go into
 * trace_links and are added to the graph; an instrumented service keeps its kind.
 */
const ADD_SHARES = `
WITH shares AS (
  INSERT INTO trace_links (trace_id, parent, child, hour_us, bucket, calls, errors)
  SELECT value->>0, value->>1, value->>2, (value->>3)::bigint, (value->>4)::smallint, (value->>5)::int, (value->>6)::int
  FROM jsonb_array_elements($1::jsonb)
  RETURNING hour_us, parent, child, bucket, calls, errors
), nodes AS (
  INSERT INTO graph_nodes (name, kind)
  SELECT value->>0, value->>1 FROM jsonb_array_elements($2::jsonb)
  ON CONFLICT (name) DO UPDATE SET kind = excluded.kind
  WHERE graph_nodes.kind <> 'service' AND graph_nodes.kind <> excluded.kind
)
INSERT INTO dependency_links AS l (hour_us, parent, child, bucket, calls, errors)
SELECT hour_us, parent, child, bucket, sum(calls), sum(errors) FROM shares
GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
ON CONFLICT (hour_us, parent, child, bucket)
DO UPDATE SET calls = l.calls + excluded.calls, errors = l.errors + excluded.errors`;
