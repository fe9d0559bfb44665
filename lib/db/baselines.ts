import { type LatencyCounts, operationKey } from "../services/histogram";
import { db } from "./pool";

const HOUR_US = 3_600_000_000;

export interface Operation {
  service: string;
  name: string;
}

/**
 * The latency histograms of these operations over a window (µs), one entry per operation asked for
 * (empty counts when it has no history), keyed by operationKey. Histograms are kept per UTC hour
 * (lib/db/save-spans.ts), so the window widens to the whole hours it overlaps. One query over
 * `operation_latency`'s primary key: it reads operations × hours × buckets rows, never spans.
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
  const { rows } = await db().readPool.query<{
    service: string;
    name: string;
    bucket: number;
    count: string;
  }>(
    `SELECT o.service, o.name, l.bucket, sum(l.count) AS count
     FROM (SELECT DISTINCT * FROM unnest($1::text[], $2::text[]) AS o(service, name)) o
     JOIN operation_latency l ON l.service_name = o.service AND l.span_name = o.name
       AND l.hour_us > $3 AND l.hour_us <= $4
     GROUP BY o.service, o.name, l.bucket
     ORDER BY l.bucket`,
    [
      operations.map((op) => op.service),
      operations.map((op) => op.name),
      Math.floor(windowStartUs) - HOUR_US,
      Math.floor(windowEndUs),
    ],
  );
  for (const row of rows) {
    baselines.get(operationKey(row.service, row.name))?.push([row.bucket, Number(row.count)]);
  }
  return baselines;
}
