import { readConfig } from "../config";
import { badRequest } from "../errors";
import type { SpanKind } from "../model/span";
import { type StepWindow, stepWindow } from "../services/steps";
import { floorMinuteUs, MINUTE_US } from "../time/hours";
import { windowCounts } from "./counts-sql";
import { db } from "./pool";

/**
 * RED series at a step: per step, per service (and operation), the latency histogram and errors,
 * read from the minute or hour histograms and the counts not folded yet (lib/db/counts-sql.ts).
 * What the services page (lib/db/red.ts) and Jaeger's metrics API chart.
 */
export interface SeriesQuery {
  /** The window, µs. */
  startUs: number;
  endUs: number;
  /** Whole minutes under an hour, or whole hours; chosen from the window when undefined. */
  stepUs?: number;
  /** Undefined: every service. */
  services?: readonly string[];
  /** Undefined: every kind. */
  spanKinds?: readonly SpanKind[];
  /** False: `operation` is null, each service's operations summed. */
  byOperation: boolean;
}

export interface SeriesRow {
  service: string;
  operation: string | null;
  /** The step's start, µs, a multiple of the step. */
  timeUs: number;
  bucket: number;
  count: number;
  errors: number;
}

/** The most rows one read answers: a wider question is refused, to be asked in parts. */
export const MAX_SERIES_ROWS = 200_000;

/**
 * The first minute whose histograms are surely all there: retention deletes the minutes before
 * now − TRACELIGHT_MINUTE_RETENTION, a minute at a time.
 */
export function minutesKeptFromUs(nowUs = Date.now() * 1000): number {
  return floorMinuteUs(nowUs - readConfig().TRACELIGHT_MINUTE_RETENTION) + MINUTE_US;
}

/** The window and step of a query, or a 400 naming `step` when they cannot be served. */
export function seriesWindow(startUs: number, endUs: number, stepUs?: number, nowUs?: number): StepWindow {
  const window = stepWindow(startUs, endUs, minutesKeptFromUs(nowUs), stepUs);
  if (typeof window === "string") throw badRequest(`step: ${window}`);
  return window;
}

export async function readOperationSeries(query: SeriesQuery): Promise<SeriesRow[]> {
  return readSeries(seriesWindow(query.startUs, query.endUs, query.stepUs), query);
}

/** The series of a resolved window; `pairs` narrows to these [service, operation]s. */
export async function readSeries(
  window: StepWindow,
  filter: Omit<SeriesQuery, "startUs" | "endUs" | "stepUs"> & { pairs?: readonly [string, string][] },
): Promise<SeriesRow[]> {
  const counts = windowCounts(window, 1, window.stepUs >= 3_600_000_000);
  const params: unknown[] = [...counts.params];
  const where: string[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  if (filter.services) where.push(`service_name = ANY(${param(filter.services)}::text[])`);
  if (filter.spanKinds) where.push(`span_kind = ANY(${param(filter.spanKinds)}::text[])`);
  if (filter.pairs) {
    where.push(`(service_name, span_name) IN (SELECT * FROM unnest(${param(filter.pairs.map((p) => p[0]))}::text[],
      ${param(filter.pairs.map((p) => p[1]))}::text[]))`);
  }
  const step = param(window.stepUs);
  const operation = filter.byOperation ? "span_name" : "NULL::text";
  const { rows } = await db().readPool.query<SeriesRow>(
    `SELECT service_name AS service, ${operation} AS operation,
       (time_us / ${step}::bigint * ${step}::bigint)::float8 AS "timeUs", bucket,
       sum(count)::float8 AS count, sum(errors)::float8 AS errors
     FROM ${counts.sql} c
     ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
     GROUP BY 1, 2, 3, 4
     LIMIT ${param(MAX_SERIES_ROWS + 1)}`,
    params,
  );
  if (rows.length > MAX_SERIES_ROWS) {
    throw badRequest(
      `the series would hold more than ${MAX_SERIES_ROWS} rows: ask for fewer services, a shorter window or a longer step`,
    );
  }
  return rows;
}
