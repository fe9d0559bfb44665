import {
  OPERATIONS_PER_SERVICE_SHOWN,
  type ServiceMetricsPage,
  type ServiceMetricsQuery,
  type ServiceMetricsSort,
  type ServiceSummary,
} from "../api/service-metrics";
import { buildServiceMetrics, type OperationHourRow } from "../services/red";
import { overlappedHoursUs } from "../time/hours";
import { withinHours } from "./hour-window";
import { db } from "./pool";

/**
 * RED metrics over a window (µs), widened to the whole UTC hours it overlaps (the histograms are kept
 * per hour, lib/db/save-spans.ts), a page at a time (lib/api/service-metrics.ts): the window's
 * services, each with its busiest operations, or one service's operations. Two queries over
 * `operation_latency`: one ranks the services (or operations) by their totals and picks the page; one
 * reads the hourly histograms of the page's operations alone, through the table's key. The answer is
 * bounded by the page whatever the number of services; the ranking costs the window's rows, as the
 * whole list did. `nowUs` is for the current hour's rate (lib/services/red.ts).
 */
const ORDER: Record<ServiceMetricsSort, string> = {
  calls: "calls DESC, name",
  errors: "errors DESC, calls DESC, name",
  name: "name",
};

/** What the ranking answers per service on the page, in page order. */
interface RankedService {
  name: string;
  calls: number;
  errors: number;
  operationCount: number;
  /** The operations to show, in the order to show them. */
  shown: string[];
}

export async function readServiceMetricsPage(
  startUs: number,
  endUs: number,
  query: ServiceMetricsQuery,
  nowUs = Date.now() * 1000,
): Promise<ServiceMetricsPage> {
  const hours = overlappedHoursUs(startUs, endUs);
  const { total, services } =
    query.service === undefined
      ? await rankServices(hours, query)
      : await rankOperations(hours, query, query.service);
  const rows = await readHistograms(hours, services);
  const built = new Map(
    buildServiceMetrics(rows, startUs, endUs, nowUs).map((service) => [service.service, service]),
  );
  return {
    services: services.map((ranked): ServiceSummary => {
      const operations = new Map(built.get(ranked.name)?.operations.map((op) => [op.name, op]));
      return {
        service: ranked.name,
        calls: ranked.calls,
        errors: ranked.errors,
        operationCount: ranked.operationCount,
        operations: ranked.shown.flatMap((name) => operations.get(name) ?? []),
      };
    }),
    total,
    offset: query.offset,
    limit: query.limit,
  };
}

/** A ranking's row: how many services (or operations) the window has, and the page's. */
interface Ranking {
  total: number;
  services: RankedService[];
}

/** The page of services by their totals over the window, each with its busiest operations. */
async function rankServices(
  hours: [afterUs: number, lastUs: number],
  { sort, limit, offset }: ServiceMetricsQuery,
): Promise<Ranking> {
  const { rows } = await db().readPool.query<Ranking>(
    `WITH per_operation AS (
       SELECT service_name, span_name, sum(count) AS calls, sum(errors) AS errors,
         row_number() OVER (PARTITION BY service_name ORDER BY sum(count) DESC, span_name) AS rank
       FROM operation_latency WHERE ${withinHours("hour_us", 1)}
       GROUP BY service_name, span_name
     ), totals AS (
       SELECT service_name AS name, sum(calls)::float8 AS calls, sum(errors)::float8 AS errors,
         count(*)::int AS "operationCount",
         array_agg(span_name ORDER BY rank) FILTER (WHERE rank <= $5) AS shown
       FROM per_operation GROUP BY service_name
     )
     SELECT (SELECT count(*)::int FROM totals) AS total,
       coalesce((SELECT json_agg(p ORDER BY ${ORDER[sort]})
                 FROM (SELECT * FROM totals ORDER BY ${ORDER[sort]} LIMIT $3 OFFSET $4) p), '[]') AS services`,
    [...hours, limit, offset, OPERATIONS_PER_SERVICE_SHOWN],
  );
  return rows[0] as Ranking;
}

/** One service's row: its totals over the window, how many operations it has, and the page's. */
interface ServiceTotals {
  total: number;
  calls: number;
  errors: number;
  shown: string[];
}

/** One service over the window, with the page of its operations by their totals. */
async function rankOperations(
  hours: [afterUs: number, lastUs: number],
  { sort, limit, offset }: ServiceMetricsQuery,
  service: string,
): Promise<Ranking> {
  const { rows } = await db().readPool.query<ServiceTotals>(
    `WITH totals AS (
       SELECT span_name AS name, sum(count)::float8 AS calls, sum(errors)::float8 AS errors
       FROM operation_latency WHERE ${withinHours("hour_us", 1)} AND service_name = $5
       GROUP BY span_name
     )
     SELECT (SELECT count(*)::int FROM totals) AS total,
       (SELECT coalesce(sum(calls), 0) FROM totals) AS calls,
       (SELECT coalesce(sum(errors), 0) FROM totals) AS errors,
       coalesce((SELECT array_agg(p.name ORDER BY ${ORDER[sort]})
                 FROM (SELECT * FROM totals ORDER BY ${ORDER[sort]} LIMIT $3 OFFSET $4) p), '{}') AS shown`,
    [...hours, limit, offset, service],
  );
  const { total, calls, errors, shown } = rows[0] as ServiceTotals;
  return {
    total,
    services: total === 0 ? [] : [{ name: service, calls, errors, operationCount: total, shown }],
  };
}

/** The hourly histograms of the operations to show, through operation_latency's key. */
async function readHistograms(
  hours: [afterUs: number, lastUs: number],
  services: RankedService[],
): Promise<OperationHourRow[]> {
  const pairs = services.flatMap((service) => service.shown.map((name) => [service.name, name]));
  if (pairs.length === 0) return [];
  const { rows } = await db().readPool.query<OperationHourRow>(
    `SELECT service_name AS service, span_name AS operation, hour_us::float8 AS "hourUs", bucket,
            sum(count)::int AS count, sum(errors)::int AS errors
     FROM operation_latency
     WHERE ${withinHours("hour_us", 1)}
       AND (service_name, span_name) IN (SELECT * FROM unnest($3::text[], $4::text[]))
     GROUP BY service_name, span_name, hour_us, bucket`,
    [...hours, pairs.map((pair) => pair[0]), pairs.map((pair) => pair[1])],
  );
  return rows;
}
