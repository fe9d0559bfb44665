import type pg from "pg";
import { readConfig } from "../config";
import { throttledWarning } from "../observe/log";
import { metrics } from "../observe/metrics";

/**
 * The caps on stored names (lib/config.ts: TRACELIGHT_MAX_SERVICES, …), as lib/db/save-spans.ts
 * enforces them at ingest and the list reads bound their answers by them. Read from the configuration
 * once per process.
 */
export interface CardinalityCaps {
  services: number;
  /** Per service, its operations (span name and kind) and, as many, its remote services. */
  operationsPerService: number;
  /** Values per autocomplete key. */
  autocompleteValues: number;
}

let caps: CardinalityCaps | undefined;

export function cardinalityCaps(): CardinalityCaps {
  if (!caps) {
    const config = readConfig();
    caps = {
      services: config.TRACELIGHT_MAX_SERVICES,
      operationsPerService: config.TRACELIGHT_MAX_OPERATIONS_PER_SERVICE,
      autocompleteValues: config.TRACELIGHT_MAX_AUTOCOMPLETE_VALUES,
    };
  }
  return caps;
}

/** New names one batch brought that its caps left out of the lists, by kind. */
export interface CappedNames {
  service: number;
  operation: number;
  remote_service: number;
  autocomplete_value: number;
}

const CAP_SETTINGS: Record<keyof CappedNames, string> = {
  service: "TRACELIGHT_MAX_SERVICES",
  operation: "TRACELIGHT_MAX_OPERATIONS_PER_SERVICE",
  remote_service: "TRACELIGHT_MAX_OPERATIONS_PER_SERVICE",
  autocomplete_value: "TRACELIGHT_MAX_AUTOCOMPLETE_VALUES",
};

// A sender naming spans after ids hits a cap on every batch: one line a minute says so.
const warnCapped = throttledWarning(
  "names past a cardinality cap were left out of the lists; their spans are stored (README: Bounded names)",
);

/** Counts what a committed batch's caps left out, and says so in the log at most once a minute. */
export function recordCapped(capped: CappedNames): void {
  const kinds = (Object.keys(capped) as (keyof CappedNames)[]).filter((kind) => capped[kind] > 0);
  if (kinds.length === 0) return;
  for (const kind of kinds) metrics.cardinalityCapped.inc({ kind }, capped[kind]);
  warnCapped({
    capped: Object.fromEntries(kinds.map((kind) => [kind, capped[kind]])),
    settings: [...new Set(kinds.map((kind) => CAP_SETTINGS[kind]))],
  });
}

/**
 * Takes out of the lists the operations whose last calls have left retention (their latency rows are
 * gone: lib/db/retention.ts deletes them by hour), then the services left without one and their remote
 * services, so names that stopped arriving, such as a past flood of ids, make room under the caps
 * again. Every listed operation has latency rows from the statement that listed it: in the log until
 * they are folded into the hours (lib/db/fold-counts.ts).
 *
 * An ingest statement running at the same moment may list an operation of a service this deletes;
 * the last statement puts such a service back (this run's, or the next's if that statement commits
 * later), so every service in service_operations is listed. Autocomplete values carry no time and
 * are kept.
 */
export async function expireNames(client: pg.PoolClient): Promise<void> {
  await client.query(
    `DELETE FROM service_operations o WHERE NOT EXISTS (
       SELECT 1 FROM operation_latency l WHERE l.service_name = o.service_name AND l.span_name = o.span_name)
     AND NOT EXISTS (
       SELECT 1 FROM operation_counts_log l WHERE l.service_name = o.service_name AND l.span_name = o.span_name)`,
  );
  await client.query(
    `DELETE FROM services s WHERE NOT EXISTS (
       SELECT 1 FROM service_operations o WHERE o.service_name = s.service_name)`,
  );
  await client.query(
    `DELETE FROM remote_services r WHERE NOT EXISTS (
       SELECT 1 FROM services s WHERE s.service_name = r.service_name)`,
  );
  await client.query(
    `INSERT INTO services SELECT DISTINCT service_name FROM service_operations o
      WHERE NOT EXISTS (SELECT 1 FROM services s WHERE s.service_name = o.service_name)
     ON CONFLICT DO NOTHING`,
  );
}
