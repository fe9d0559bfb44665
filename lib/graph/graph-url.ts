import { formatTimestampUs } from "../format/time";
import { DEFAULT_LOOKBACK, parseTimeMs } from "../search/tracelight-params";

/**
 * The dependencies page's URL: `/dependencies?lookback=6h&layout=force`, or `start` (and `end`,
 * default now) as ISO times or epoch milliseconds instead of the lookback, as for the search page
 * and `GET /api/graph` (lib/search/tracelight-params.ts). Defaults are left out, so a copied link
 * reads as what it shows.
 */
export const GRAPH_LAYOUTS = ["dag", "force"] as const;
export type GraphLayoutMode = (typeof GRAPH_LAYOUTS)[number];

/** The time window as the URL has it: a lookback, or a start (which then wins) and an end. */
export interface GraphWindow {
  lookback: string;
  start: string;
  end: string;
}

export function graphWindow(params: URLSearchParams): GraphWindow {
  return {
    lookback: params.get("lookback")?.trim() || DEFAULT_LOOKBACK,
    start: params.get("start")?.trim() ?? "",
    end: params.get("end")?.trim() ?? "",
  };
}

/** Anything but `force` is the layered layout, the default: an old or mistyped link still opens. */
export function graphLayoutMode(text: string | null): GraphLayoutMode {
  return text === "force" ? "force" : "dag";
}

/** The page's query string for a window and layout. */
export function graphPageQuery(window: GraphWindow, layout: GraphLayoutMode): string {
  const params = windowParams(window);
  if (params.get("lookback") === DEFAULT_LOOKBACK) params.delete("lookback");
  if (layout !== "dag") params.set("layout", layout);
  return params.toString();
}

/** The query string of `GET /api/graph` for a window. */
export function graphApiQuery(window: GraphWindow): string {
  return windowParams(window).toString();
}

/**
 * The search page's link to a service's traces in the same window. The lookback is spelt out even
 * when it is the default: the link means this window whatever either page's default becomes.
 */
export function tracesHref(service: string, window: GraphWindow): string {
  const params = new URLSearchParams({ service });
  for (const [key, value] of windowParams(window)) params.set(key, value);
  return `/search?${params}`;
}

/** "the last 1h", "between 2026-11-22 10:00:00.000 UTC and 2026-11-22 11:00:00.000 UTC", "since …". */
export function describeWindow(window: GraphWindow): string {
  if (!window.start) return `the last ${window.lookback}`;
  const start = readable(window.start);
  return window.end ? `between ${start} and ${readable(window.end)}` : `since ${start}`;
}

function windowParams(window: GraphWindow): URLSearchParams {
  const params = new URLSearchParams();
  if (window.start) {
    params.set("start", window.start);
    if (window.end) params.set("end", window.end);
  } else params.set("lookback", window.lookback);
  return params;
}

/** A time as every page shows absolute times; as typed when it is unreadable (the API will say so). */
function readable(time: string): string {
  const ms = parseTimeMs(time);
  return ms === undefined ? time : formatTimestampUs(ms * 1000);
}
