import { readConfig } from "../config";
import { searchLimits } from "../search/params";
import type { SearchLimits } from "../search/query";

/** The search caps and time limit from the configuration, read once per process. */
let settings: { limits: SearchLimits; timeoutMs: number } | undefined;

export function searchSettings(): { limits: SearchLimits; timeoutMs: number } {
  if (!settings) {
    const config = readConfig();
    settings = { limits: searchLimits(config), timeoutMs: config.TRACELIGHT_QUERY_TIMEOUT / 1000 };
  }
  return settings;
}
