import { type GraphWindow, graphApiQuery } from "../graph/graph-url";

/**
 * The services page's links to the search page: an operation's traces in the window the page shows
 * (`/search?service=…&operation=…&lookback=…`, or start and end), its failed ones with
 * `&status=error` too. The window is spelt out even when it is the default, as the dependencies
 * page's links do (lib/graph/graph-url.ts): the link means this window whatever the defaults become.
 */
export function operationSearchHref(
  service: string,
  operation: string,
  window: GraphWindow,
  errorsOnly = false,
): string {
  const params = new URLSearchParams({ service, operation });
  for (const [key, value] of new URLSearchParams(graphApiQuery(window))) params.set(key, value);
  if (errorsOnly) params.set("status", "error");
  return `/search?${params}`;
}
