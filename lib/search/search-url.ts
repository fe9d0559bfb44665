import { parseTimeMs } from "../time/iso-time";
import { DEFAULT_LOOKBACK, type GraphWindow, windowParams } from "../time/window";
import { DEFAULT_LIMIT } from "./tracelight-params";

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

/**
 * The search page's link to traces in the window another page shows (dependencies, services): a
 * service's ("" for every service's), one operation's, or only the failed ones. The window is spelt
 * out even when it is the default: the link means this window whatever either page's default becomes.
 */
export function tracesHref(
  service: string,
  window: GraphWindow,
  { operation, errorsOnly = false }: { operation?: string; errorsOnly?: boolean } = {},
): string {
  const params = new URLSearchParams();
  if (service !== "") params.set("service", service);
  if (operation !== undefined) params.set("operation", operation);
  for (const [key, value] of windowParams(window)) params.set(key, value);
  if (errorsOnly) params.set("status", "error");
  return `/search?${params}`;
}
