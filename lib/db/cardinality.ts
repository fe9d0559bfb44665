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
