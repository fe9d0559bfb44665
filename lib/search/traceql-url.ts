import { type SearchField, searchQueryString } from "./search-url";

/**
 * The search page's TraceQL mode in its URL: `q` (present, even empty, means the mode) with the
 * window and limit the form's URL has, so the time picker works the same and a copied link is the
 * query. The same query string is what `GET /api/search/traceql` reads.
 */
export const TRACEQL_FIELDS = ["q", "lookback", "start", "end", "limit"] as const;
export type TraceQLField = (typeof TRACEQL_FIELDS)[number];
export type TraceQLValues = Record<TraceQLField, string>;

const WINDOW_FIELDS = ["lookback", "start", "end", "limit"] as const satisfies SearchField[];

export function isTraceQLSearch(params: URLSearchParams): boolean {
  return params.has("q");
}

/** The query string for TraceQL mode: `q` first and always, then the window as the form writes it. */
export function traceqlQueryString(values: Partial<TraceQLValues>): string {
  const window = searchQueryString(Object.fromEntries(WINDOW_FIELDS.map((field) => [field, values[field]])));
  const q = new URLSearchParams({ q: values.q ?? "" }).toString();
  return window ? `${q}&${window}` : q;
}

/** The window and limit of either mode's URL, for the other mode's: switching keeps the time range. */
export function windowOf(
  values: Partial<Record<SearchField | TraceQLField, string>>,
): Partial<TraceQLValues> {
  return Object.fromEntries(WINDOW_FIELDS.map((field) => [field, values[field] ?? ""]));
}

/** A result's trace page, its matched spans marked by the query. */
export function traceHref(traceId: string, q: string): string {
  return `/trace/${traceId}?${new URLSearchParams({ q })}`;
}
