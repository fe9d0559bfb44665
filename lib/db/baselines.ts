import { type LatencyCounts, operationKey } from "../services/histogram";
import { hourWindow } from "../services/steps";
import { windowCounts } from "./counts-sql";
import { db } from "./pool";

export interface Operation {
  service: string;
  name: string;
}

/**
 * The latency histograms of these operations over a window (µs), one entry per operation asked for
 * (empty counts when it has no history), keyed by operationKey. Histograms are kept per UTC hour
 * (lib/db/fold-counts.ts), so the window widens to the whole hours it overlaps. One query over
 * `operation_latency`'s primary key and the counts not folded yet (lib/db/counts-sql.ts): it reads
 * operations × hours × buckets rows, never spans.
 */
export async function operationBaselines(
  operations: readonly Operation[],
  windowStartUs: number,
  windowEndUs: number,
): Promise<Map<string, LatencyCounts>> {
  const baselines = new Map<string, [number, number][]>(
    operations.map((op) => [operationKey(op.service, op.name), []]),
  );
  if (operations.length === 0) return baselines;
  const counts = windowCounts(hourWindow(windowStartUs, windowEndUs), 3);
  const { rows } = await db().readPool.query<{
    service: string;
    name: string;
    bucket: number;
    count: string;
  }>(
    `SELECT o.service, o.name, l.bucket, sum(l.count) AS count
     FROM (SELECT DISTINCT * FROM unnest($1::text[], $2::text[]) AS o(service, name)) o
     JOIN ${counts.sql} l ON l.service_name = o.service AND l.span_name = o.name
     GROUP BY o.service, o.name, l.bucket
     ORDER BY l.bucket`,
    [operations.map((op) => op.service), operations.map((op) => op.name), ...counts.params],
  );
  for (const row of rows) {
    baselines.get(operationKey(row.service, row.name))?.push([row.bucket, Number(row.count)]);
  }
  return baselines;
}
