import { readConfig } from "../config";
import { searchLimits } from "../search/params";
import type { SearchLimits } from "../search/query";

interface SearchSettings {
  limits: SearchLimits;
  timeoutMs: number;
  /** Listed by Zipkin's autocompleteKeys; their values are collected at ingest. */
  autocompleteKeys: ReadonlySet<string>;
}

/** The search settings from the configuration, read once per process. */
let settings: SearchSettings | undefined;

export function searchSettings(): SearchSettings {
  if (!settings) {
    const config = readConfig();
    settings = {
      limits: searchLimits(config),
      timeoutMs: config.TRACELIGHT_QUERY_TIMEOUT / 1000,
      autocompleteKeys: new Set(config.TRACELIGHT_AUTOCOMPLETE_KEYS),
    };
  }
  return settings;
}
