import { DEFAULT_LIMIT, DEFAULT_LOOKBACK, parseTimeMs } from "./tracelight-params";

/**
 * The search page's URL: its query string is the search (lib/search/tracelight-params.ts reads it),
 * kept short by leaving out empty fields and defaults, so a copied link reads as what it asks.
 */
export const SEARCH_FIELDS = [
  "service",
  "operation",
  "tags",
  "status",
  "http",
  "minDuration",
  "maxDuration",
  "durationOf",
  "lookback",
  "start",
  "end",
  "limit",
  "sort",
] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

const DEFAULTS: Partial<Record<SearchField, string>> = {
  durationOf: "span",
  lookback: DEFAULT_LOOKBACK,
  limit: String(DEFAULT_LIMIT),
  sort: "recent",
};

/** The lookbacks the form offers, from five minutes to the default widest window. */
export const LOOKBACKS = ["5m", "15m", "30m", "1h", "3h", "6h", "12h", "24h", "2d", "7d"] as const;

/** The lookbacks to offer when `current` is chosen: LOOKBACKS, plus `current` if a URL asked for another. */
export function lookbackChoices(current: string): readonly string[] {
  return (LOOKBACKS as readonly string[]).includes(current) || current === ""
    ? LOOKBACKS
    : [...LOOKBACKS, current];
}

/** The query string for these field values: trimmed, empty and default values dropped, in field order. */
export function searchQueryString(values: Partial<Record<SearchField, string>>): string {
  const params = new URLSearchParams();
  const absolute = Boolean(values.start?.trim());
  for (const field of SEARCH_FIELDS) {
    const value = values[field]?.trim() ?? "";
    if (value === "" || value === DEFAULTS[field]) continue;
    // An absolute window replaces the lookback.
    if (field === "lookback" && absolute) continue;
    params.set(field, value);
  }
  return params.toString();
}

/** The field values a query string holds, defaults filled in. */
export function searchValues(params: URLSearchParams): Record<SearchField, string> {
  return Object.fromEntries(
    SEARCH_FIELDS.map((field) => [field, params.get(field) ?? DEFAULTS[field] ?? ""]),
  ) as Record<SearchField, string>;
}

/** The active filters in words, for "No traces match …" and the page title. */
export function describeSearch(values: Record<SearchField, string>): string[] {
  const words: string[] = [values.service ? `service ${values.service}` : "all services"];
  if (values.operation) words.push(`operation ${values.operation}`);
  if (values.tags) words.push(`tags ${values.tags}`);
  if (values.status) words.push(values.status === "error" ? "with errors" : "without errors");
  if (values.http) words.push(`HTTP ${values.http}`);
  const of = values.durationOf === "trace" ? "trace" : "span";
  if (values.minDuration) words.push(`${of} ≥ ${values.minDuration}`);
  if (values.maxDuration) words.push(`${of} ≤ ${values.maxDuration}`);
  words.push(
    values.start ? `from ${values.start}${values.end ? ` to ${values.end}` : ""}` : `last ${values.lookback}`,
  );
  return words;
}

/** A brushed range of the results' scatter plot as the window fields, to the millisecond. */
export function windowValues(window: { startUs: number; endUs: number }): {
  start: string;
  end: string;
  lookback: string;
} {
  return {
    start: new Date(Math.floor(window.startUs / 1000)).toISOString(),
    end: new Date(Math.ceil(window.endUs / 1000)).toISOString(),
    lookback: "",
  };
}

/** The absolute window the fields ask for, in µs; undefined for a lookback or an unreadable time. */
export function absoluteWindow(
  values: Record<SearchField, string>,
  nowMs: number,
): { startUs: number; endUs: number } | undefined {
  const startMs = values.start ? parseTimeMs(values.start) : undefined;
  const endMs = values.end ? parseTimeMs(values.end) : nowMs;
  return startMs === undefined || endMs === undefined
    ? undefined
    : { startUs: startMs * 1000, endUs: endMs * 1000 };
}
