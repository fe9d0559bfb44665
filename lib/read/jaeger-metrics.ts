import { minutesKeptFromUs, readOperationSeries, type SeriesRow } from "../db/operation-series";
import type { JaegerMetricsQuery } from "../search/jaeger-metrics-params";
import {
  grainsToRead,
  grainUs,
  type MonitorMeasure,
  type MonitorSeries,
  type MonitorWindow,
  monitorSeries,
} from "../services/monitor-series";
import { MINUTE_US } from "../time/hours";

/**
 * The series of Jaeger's metrics API (lib/http/jaeger-metrics-api.ts): the counts its points need,
 * per minute or per hour (lib/services/monitor-series.ts grainUs), read a day of grains at a time
 * (lib/db's series reader answers at most a day of points per read; a week of points plus the rate
 * window is at most eight reads), then rated by lib/services.
 */
const GRAINS_PER_READ = 1440;

export type { MonitorMeasure };

/** The finest step the series resolve, ms: Tracelight counts per minute (`/api/metrics/minstep`). */
export const MIN_STEP_MS = MINUTE_US / 1000;

export async function readJaegerMetrics(
  query: JaegerMetricsQuery,
  measure: MonitorMeasure,
  nowUs: number,
): Promise<MonitorSeries[]> {
  const window: MonitorWindow = {
    endUs: query.endUs,
    lookbackUs: query.lookbackUs,
    stepUs: query.stepUs,
    ratePerUs: query.ratePerUs,
  };
  // A minute past the first kept, so that retention running meanwhile cannot take it.
  const minutesFromUs = minutesKeptFromUs(nowUs) + MINUTE_US;
  const grain = grainUs(window, minutesFromUs);
  const read = grainsToRead(window, grain);
  const completeFromUs = grain === MINUTE_US ? minutesFromUs : Number.NEGATIVE_INFINITY;
  const rows: SeriesRow[] = [];
  for (let startUs = Math.max(read.startUs, completeFromUs); startUs < read.endUs; ) {
    const endUs = Math.min(read.endUs, startUs + GRAINS_PER_READ * grain);
    const part = await readOperationSeries({
      startUs,
      endUs: endUs - 1,
      stepUs: grain,
      services: query.services,
      spanKinds: query.spanKinds,
      byOperation: query.groupByOperation,
    });
    for (const row of part) rows.push(row);
    startUs = endUs;
  }
  return monitorSeries(rows, window, grain, measure, completeFromUs);
}
