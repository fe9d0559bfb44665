import type { StepWindow } from "../services/steps";
import { HOUR_US } from "../time/hours";

/**
 * The latency counts of a window as one row source, for the RED reads (lib/db/red.ts,
 * lib/db/operation-series.ts): rows of (service_name, span_name, span_kind, time_us, bucket, count,
 * errors), time_us being the start of the minute or hour the row counts. The histograms' rows are
 * read at the window's grain (lib/services/steps.ts), and the log's rows not folded yet
 * (lib/db/fold-counts.ts) are added at the same grain, so every acknowledged span counts. One
 * statement reads all three, on one snapshot: a fold moving rows from the log to the histograms
 * meanwhile is seen whole or not at all.
 *
 * At minute grain, the whole hours inside the window come from the hourly table (a sixtieth of the
 * rows) unless `hours` is false (a step under an hour must not see them), the ragged ends from the
 * minutes.
 */
export interface CountsSource {
  /** A parenthesised subquery, to use as `FROM ${sql} c`. */
  sql: string;
  params: number[];
}

const COLUMNS = "service_name, span_name, span_kind";

/** A table's rows one per bucket, as the hourly histograms hold them: its parallel arrays unnested. */
const perBucket = (table: string) =>
  `${table} a, unnest(a.buckets, a.counts, a.errors) AS b(bucket, count, errors)`;

/** The log's rows (lib/db/fold-counts.ts), one per bucket. */
const LOG_ROWS = perBucket("operation_counts_log");

export function windowCounts(window: StepWindow, firstParam: number, hours = true): CountsSource {
  const { fromUs, toUs } = window;
  const [from, to, hoursFrom, hoursTo] = [0, 1, 2, 3].map((i) => `$${firstParam + i}`);
  if (window.grain === "hour") {
    return {
      sql: `(SELECT ${COLUMNS}, hour_us AS time_us, bucket, count, errors FROM operation_latency
             WHERE hour_us >= ${from}::bigint AND hour_us < ${to}::bigint
             UNION ALL
             SELECT ${COLUMNS}, minute_us / ${HOUR_US} * ${HOUR_US}, b.bucket, b.count, b.errors FROM ${LOG_ROWS}
             WHERE minute_us >= ${from}::bigint AND minute_us < ${to}::bigint)`,
      params: [fromUs, toUs],
    };
  }
  const firstHour = Math.ceil(fromUs / HOUR_US) * HOUR_US;
  const lastHour = Math.floor(toUs / HOUR_US) * HOUR_US;
  const wholeHours = hours && firstHour < lastHour;
  // Without whole hours, the minutes' two ranges meet: [from, to) read as [from, to) ∪ [to, to).
  const [hoursFromUs, hoursToUs] = wholeHours ? [firstHour, lastHour] : [toUs, toUs];
  return {
    sql: `(SELECT ${COLUMNS}, hour_us AS time_us, bucket, count, errors FROM operation_latency
           WHERE hour_us >= ${hoursFrom}::bigint AND hour_us < ${hoursTo}::bigint
           UNION ALL
           SELECT ${COLUMNS}, minute_us, b.bucket, b.count, b.errors FROM ${perBucket("operation_minutes")}
           WHERE (minute_us >= ${from}::bigint AND minute_us < ${hoursFrom}::bigint)
              OR (minute_us >= ${hoursTo}::bigint AND minute_us < ${to}::bigint)
           UNION ALL
           SELECT ${COLUMNS}, minute_us, b.bucket, b.count, b.errors FROM ${LOG_ROWS}
           WHERE minute_us >= ${from}::bigint AND minute_us < ${to}::bigint)`,
    params: [fromUs, toUs, hoursFromUs, hoursToUs],
  };
}
