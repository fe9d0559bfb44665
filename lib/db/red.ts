import {
  OPERATIONS_PER_SERVICE_SHOWN,
  type ServiceMetricsPage,
  type ServiceMetricsQuery,
  type ServiceMetricsSort,
  type ServiceSummary,
  type SortOrder,
} from "../api/service-metrics";
import { type CountRow, groupRows, seriesOf, windowRed } from "../services/red";
import type { StepWindow } from "../services/steps";
import { windowCounts } from "./counts-sql";
import { readSeries, seriesWindow } from "./operation-series";
import { db } from "./pool";

/**
 * The services page's RED metrics over a window, a page at a time (lib/api/service-metrics.ts): the
 * window's services, each with its busiest operations, or one service's operations. One query ranks
 * the services (or operations) by the chosen column over the window's histograms and picks the page;
 * then the page's own series are read (lib/db/operation-series.ts), and its totals over the period
 * just before. The answer is bounded by the page whatever the number of services; the ranking costs
 * the window's rows (whole hours read from the hourly histograms, lib/db/counts-sql.ts).
 */
const ORDER: Record<ServiceMetricsSort, (direction: string) => string> = {
  errorRate: (d) => `error_rate ${d}, p95 DESC, calls DESC, name`,
  p95: (d) => `p95 ${d}, calls DESC, name`,
  calls: (d) => `calls ${d}, name`,
  errors: (d) => `errors ${d}, calls DESC, name`,
  name: (d) => `name ${d}`,
};

function orderBy(sort: ServiceMetricsSort, order: SortOrder | undefined): string {
  return ORDER[sort]((order ?? (sort === "name" ? "asc" : "desc")).toUpperCase());
}

/** A ranked subject (a service, or one service's operation), in page order. */
interface Ranked {
  name: string;
  operationCount: number;
  /** The operations to show, busiest first: a service's busiest, or the operation itself. */
  shown: string[];
}

export async function readServiceMetricsPage(
  startUs: number,
  endUs: number,
  query: ServiceMetricsQuery,
  stepUs?: number,
  nowUs = Date.now() * 1000,
): Promise<ServiceMetricsPage> {
  const window = seriesWindow(startUs, endUs, stepUs, nowUs);
  const previous = seriesWindow(2 * startUs - endUs, startUs, undefined, nowUs);
  const [{ total, page, overall }, overallBefore] = await Promise.all([
    rank(window, query),
    readTotals(previous, "'all'", query.service === undefined ? {} : { services: [query.service] }),
  ]);
  const services =
    query.service === undefined
      ? await summaries(window, previous, page, nowUs)
      : await operationsPage(window, previous, query.service, page, nowUs);
  return {
    services,
    total,
    offset: query.offset,
    limit: query.limit,
    overall: windowRed(overall, window, nowUs),
    overallPrevious: windowRed(overallBefore.get("all") ?? [], previous, nowUs),
    stepUs: window.stepUs,
    grain: window.grain,
    startUs: window.fromUs,
    endUs: window.toUs,
  };
}

/** A page of services, each with its own series and its busiest operations'. */
async function summaries(
  window: StepWindow,
  previous: StepWindow,
  page: Ranked[],
  nowUs: number,
): Promise<ServiceSummary[]> {
  const services = page.map((service) => service.name);
  const pairs = page.flatMap((service) =>
    service.shown.map((name): [string, string] => [service.name, name]),
  );
  const [own, operations, before] = await Promise.all([
    readSeries(window, { services, byOperation: false }),
    pairs.length === 0 ? [] : readSeries(window, { pairs, byOperation: true }),
    readTotals(previous, "service_name", { services }),
  ]);
  const ownOf = groupRows(own, (row) => row.service);
  const operationsOf = groupRows(operations, (row) => `${row.service}\u0000${row.operation}`);
  return page.map((service) => {
    const rows = ownOf.get(service.name) ?? [];
    return {
      service: service.name,
      operationCount: service.operationCount,
      ...windowRed(rows, window, nowUs),
      series: seriesOf(rows, window, nowUs),
      previous: windowRed(before.get(service.name) ?? [], previous, nowUs),
      operations: service.shown.map((name) => {
        const opRows = operationsOf.get(`${service.name}\u0000${name}`) ?? [];
        return { name, ...windowRed(opRows, window, nowUs), series: seriesOf(opRows, window, nowUs) };
      }),
    };
  });
}

/** One service, with a page of its operations. */
async function operationsPage(
  window: StepWindow,
  previous: StepWindow,
  service: string,
  page: Ranked[],
  nowUs: number,
): Promise<ServiceSummary[]> {
  const pairs = page.map((op): [string, string] => [service, op.name]);
  const [own, operations, before, count] = await Promise.all([
    readSeries(window, { services: [service], byOperation: false }),
    pairs.length === 0 ? [] : readSeries(window, { pairs, byOperation: true }),
    readTotals(previous, "'all'", { services: [service] }),
    countOperations(window, service),
  ]);
  if (own.length === 0) return [];
  const operationsOf = groupRows(operations, (row) => row.operation ?? "");
  return [
    {
      service,
      operationCount: count,
      ...windowRed(own, window, nowUs),
      series: seriesOf(own, window, nowUs),
      previous: windowRed(before.get("all") ?? [], previous, nowUs),
      operations: page.map(({ name }) => {
        const rows = operationsOf.get(name) ?? [];
        return { name, ...windowRed(rows, window, nowUs), series: seriesOf(rows, window, nowUs) };
      }),
    },
  ];
}

/**
 * The window's services (or `service`'s operations) ranked by the sort, with the page's. The p95 is
 * ranked by its bucket, which orders as the durations do.
 */
async function rank(
  window: StepWindow,
  { service, sort, order, limit, offset }: ServiceMetricsQuery,
): Promise<{ total: number; page: Ranked[]; overall: CountRow[] }> {
  const counts = windowCounts(window, 1);
  const params: unknown[] = [...counts.params];
  const param = (value: unknown) => `$${params.push(value)}`;
  const subject = service === undefined ? "service_name" : "span_name";
  const filter = service === undefined ? "" : `WHERE service_name = ${param(service)}`;
  const ordering = orderBy(sort, order);
  const { rows } = await db().readPool.query<{ total: number; page: Ranked[]; overall: CountRow[] }>(
    `WITH counts AS (
       SELECT ${subject} AS subject, service_name, span_name, bucket, count, errors FROM ${counts.sql} c ${filter}
     ), per_operation AS (
       SELECT subject, span_name, sum(count) AS calls, sum(errors) AS errors,
         row_number() OVER (PARTITION BY subject ORDER BY sum(count) DESC, span_name) AS rank
       FROM counts GROUP BY subject, service_name, span_name
     ), cumulative AS (
       SELECT subject, bucket, sum(n) OVER (PARTITION BY subject ORDER BY bucket) AS seen,
         sum(n) OVER (PARTITION BY subject) AS total
       FROM (SELECT subject, bucket, sum(count) AS n FROM counts GROUP BY subject, bucket) b
     ), ranked AS (
       SELECT o.subject AS name, sum(o.calls)::float8 AS calls, sum(o.errors)::float8 AS errors,
         sum(o.errors)::float8 / nullif(sum(o.calls), 0) AS error_rate,
         (SELECT min(bucket) FROM cumulative c WHERE c.subject = o.subject AND c.seen >= ceil(0.95 * c.total)) AS p95,
         count(*)::int AS "operationCount",
         array_agg(o.span_name ORDER BY o.rank) FILTER (WHERE o.rank <= ${param(OPERATIONS_PER_SERVICE_SHOWN)}) AS shown
       FROM per_operation o GROUP BY o.subject
     )
     SELECT (SELECT count(*)::int FROM ranked) AS total,
       coalesce((SELECT json_agg(json_build_object('name', p.name, 'operationCount', p."operationCount", 'shown', p.shown)
                                 ORDER BY ${ordering})
                 FROM (SELECT * FROM ranked ORDER BY ${ordering} LIMIT ${param(limit)} OFFSET ${param(offset)}) p),
                '[]') AS page,
       coalesce((SELECT json_agg(json_build_object('timeUs', 0, 'bucket', bucket, 'count', n, 'errors', e))
                 FROM (SELECT bucket, sum(count)::float8 AS n, sum(errors)::float8 AS e FROM counts GROUP BY bucket) b),
                '[]') AS overall`,
    params,
  );
  return rows[0] as { total: number; page: Ranked[]; overall: CountRow[] };
}

/** How many operations `service` has in the window. */
async function countOperations(window: StepWindow, service: string): Promise<number> {
  const counts = windowCounts(window, 1);
  const { rows } = await db().readPool.query<{ n: number }>(
    `SELECT count(DISTINCT span_name)::int AS n FROM ${counts.sql} c WHERE service_name = $${counts.params.length + 1}`,
    [...counts.params, service],
  );
  return rows[0]?.n ?? 0;
}

/** The histograms of a window per `key` (a column, or a constant for one group), for totals. */
async function readTotals(
  window: StepWindow,
  key: string,
  { services }: { services?: string[] },
): Promise<Map<string, CountRow[]>> {
  if (services?.length === 0) return new Map();
  const counts = windowCounts(window, 1);
  const filter = services ? `WHERE service_name = ANY($${counts.params.length + 1}::text[])` : "";
  const { rows } = await db().readPool.query<CountRow & { key: string }>(
    `SELECT ${key} AS key, 0::float8 AS "timeUs", bucket, sum(count)::float8 AS count, sum(errors)::float8 AS errors
     FROM ${counts.sql} c ${filter}
     GROUP BY 1, 3`,
    services ? [...counts.params, services] : counts.params,
  );
  return groupRows(rows, (row) => row.key);
}
