import { createHash } from "node:crypto";
import type pg from "pg";
import type { PathElement } from "../api/service-paths";
import { floorHourUs } from "../time/hours";

/** A trace's paths (lib/services/service-paths.ts) and when it started (µs: its earliest span). */
export interface TracePaths {
  traceId: string;
  startUs: number;
  paths: PathElement[][];
}

/**
 * The call paths through services of traces read whole by the links' upkeep (lib/db/links.ts), in
 * its transaction, kept as it keeps the graph: each trace's share (one
 * row per distinct path, in the UTC hour the trace started) is taken out of `service_paths` and the
 * new share added, so a trace derived again, its spans having come in several requests, counts once.
 */
export async function replacePathShares(
  client: pg.PoolClient,
  traceIds: readonly string[],
  traces: readonly TracePaths[],
): Promise<void> {
  const shares: [traceId: string, hourUs: number, hash: string][] = [];
  const paths = new Map<string, [hash: string, services: string[], operations: string[]]>();
  for (const { traceId, startUs, paths: tracePaths } of traces) {
    const hourUs = floorHourUs(startUs);
    for (const path of tracePaths) {
      const hash = pathHash(path);
      shares.push([traceId, hourUs, hash]);
      if (!paths.has(hash)) {
        paths.set(hash, [hash, path.map((hop) => hop.service), path.map((hop) => hop.operation)]);
      }
    }
  }
  // Out, then in, in separate statements: one statement may not delete and insert one key.
  await client.query(TAKE_BACK, [traceIds]);
  if (shares.length > 0) {
    await client.query(ADD_SHARES, [JSON.stringify(shares), JSON.stringify([...paths.values()])]);
  }
}

/**
 * A path's key: 128 bits of its SHA-256, where a key of the names themselves (up to 16 hops of a
 * 256-character service and a 512-character operation) could pass the size of a B-tree entry.
 */
function pathHash(path: readonly PathElement[]): string {
  const text = JSON.stringify(path.map((hop) => [hop.service, hop.operation]));
  return createHash("sha256").update(text).digest("base64url").slice(0, 22);
}

/** $1: trace ids. Their shares leave trace_paths and are subtracted from the paths. */
const TAKE_BACK = `
WITH old AS (
  DELETE FROM trace_paths WHERE trace_id = ANY($1::text[])
  RETURNING hour_us, path_hash
)
UPDATE service_paths p SET traces = p.traces - o.traces
FROM (SELECT hour_us, path_hash, count(*)::int AS traces FROM old GROUP BY 1, 2) o
WHERE p.hour_us = o.hour_us AND p.path_hash = o.path_hash`;

/** $1: [trace id, hour, path hash]; $2: [path hash, services, operations] of each path in $1. */
const ADD_SHARES = `
WITH shares AS (
  INSERT INTO trace_paths (trace_id, hour_us, path_hash)
  SELECT value->>0, (value->>1)::bigint, value->>2 FROM jsonb_array_elements($1::jsonb)
  RETURNING hour_us, path_hash
), paths AS (
  SELECT value->>0 AS path_hash,
    ARRAY(SELECT jsonb_array_elements_text(value->1)) AS services,
    ARRAY(SELECT jsonb_array_elements_text(value->2)) AS operations
  FROM jsonb_array_elements($2::jsonb)
)
INSERT INTO service_paths AS p (hour_us, path_hash, services, operations, traces)
SELECT s.hour_us, s.path_hash, min(paths.services), min(paths.operations), count(*)
FROM shares s JOIN paths ON paths.path_hash = s.path_hash
GROUP BY 1, 2 ORDER BY 1, 2
ON CONFLICT (hour_us, path_hash) DO UPDATE SET traces = p.traces + excluded.traces`;
