import { DEFAULT_LOOKBACK, type GraphWindow, windowParams } from "../time/window";

/**
 * The dependencies page's URL: `/dependencies?lookback=6h&layout=force`, or `start` (and `end`,
 * default now) instead of the lookback, the window every page keeps (lib/time/window.ts). Defaults
 * are left out, so a copied link reads as what it shows.
 */
export const GRAPH_LAYOUTS = ["dag", "force"] as const;
export type GraphLayoutMode = (typeof GRAPH_LAYOUTS)[number];

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
