import { buildServiceMetrics, HOUR_US, type OperationHourRow, type ServiceMetrics } from "../analysis/red";
import { db } from "./pool";

/**
 * RED metrics of every service's operations (or one service's) over a window (µs), widened to the
 * whole UTC hours it overlaps: the histograms are kept per hour (lib/db/save-spans.ts). One query over
 * `operation_latency`, through its hour index, whose size is operations × hours × latency buckets
 * whatever the number of spans. `nowUs` is for the current hour's rate (lib/analysis/red.ts).
 */
export async function readServiceMetrics(
  startUs: number,
  endUs: number,
  service?: string,
  nowUs = Date.now() * 1000,
): Promise<ServiceMetrics[]> {
  const { rows } = await db().readPool.query<OperationHourRow>(
    `SELECT service_name AS service, span_name AS operation, hour_us::float8 AS "hourUs", bucket,
            sum(count)::int AS count, sum(errors)::int AS errors
     FROM operation_latency WHERE hour_us > $1 AND hour_us <= $2
       ${service === undefined ? "" : "AND service_name = $3"}
     GROUP BY service_name, span_name, hour_us, bucket`,
    [Math.floor(startUs) - HOUR_US, Math.floor(endUs), ...(service === undefined ? [] : [service])],
  );
  return buildServiceMetrics(rows, startUs, endUs, nowUs);
}
