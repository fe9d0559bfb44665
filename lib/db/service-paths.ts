import type { PathElement } from "../api/service-paths";
import { overlappedHoursUs } from "../time/hours";
import { withinHours } from "./hour-window";
import { db } from "./pool";

export interface StoredPaths {
  /** The busiest paths through the focus, busiest first, at most the limit asked. */
  paths: { path: PathElement[]; traces: number }[];
  /** Distinct paths through the focus in the window, `paths` among them. */
  total: number;
  /** The focus service's operations on the window's paths, busiest first. */
  operations: string[];
}

/**
 * The stored call paths (lib/db/path-shares.ts) through a service, and an operation of it when given,
 * that traces took in a window (µs), widened to the whole UTC hours it overlaps: each path's traces
 * summed over the hours, the busiest `limit`, and how many there were. The work is the window's rows
 * through the service (found by the GIN index on `services`), whatever the number of spans; the
 * answer is at most `limit` paths and `maxOperations` names. Sums are float8, as the graph's are.
 */
export async function readStoredPaths(
  startUs: number,
  endUs: number,
  focus: { service: string; operation?: string | undefined },
  limit: number,
  maxOperations: number,
): Promise<StoredPaths> {
  const hours = overlappedHoursUs(startUs, endUs);
  const { rows } = await db().readPool.query<{
    services: string[];
    operations: string[];
    traces: number;
    total: string;
  }>(
    `SELECT min(services) AS services, min(operations) AS operations, sum(traces)::float8 AS traces,
       count(*) OVER () AS total
     FROM service_paths
     WHERE ${withinHours("hour_us", 1)} AND services @> ARRAY[$3::text]
       AND ($4::text IS NULL OR EXISTS (
         SELECT 1 FROM unnest(services, operations) AS hop(service, operation)
         WHERE hop.service = $3 AND hop.operation = $4))
     GROUP BY path_hash HAVING sum(traces) > 0
     ORDER BY traces DESC, path_hash LIMIT $5`,
    [...hours, focus.service, focus.operation ?? null, limit],
  );
  const { rows: operations } = await db().readPool.query<{ operation: string }>(
    `SELECT hop.operation FROM service_paths p
     CROSS JOIN LATERAL (SELECT DISTINCT operation FROM unnest(p.services, p.operations) AS h(service, operation)
                         WHERE h.service = $3) hop
     WHERE ${withinHours("p.hour_us", 1)} AND p.services @> ARRAY[$3::text]
     GROUP BY hop.operation HAVING sum(p.traces) > 0
     ORDER BY sum(p.traces) DESC, hop.operation LIMIT $4`,
    [...hours, focus.service, maxOperations],
  );
  return {
    paths: rows.map((row) => ({
      path: row.services.map((service, i) => ({ service, operation: row.operations[i] ?? "" })),
      traces: row.traces,
    })),
    total: Number(rows[0]?.total ?? 0),
    operations: operations.map((row) => row.operation),
  };
}
