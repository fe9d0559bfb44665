import { clampHops, DEFAULT_HOPS } from "../services/neighbourhood";
import { DEFAULT_LOOKBACK, type GraphWindow, graphWindow, windowParams } from "../time/window";

/**
 * The dependencies page's URL: `/dependencies?lookback=6h&layout=force&focus=api&hops=2&fold=1`, or
 * `start` (and `end`, default now) instead of the lookback, the window every page keeps
 * (lib/time/window.ts). Defaults are left out, so a copied link reads as what it shows.
 * - `focus`: one node and its neighbourhood of `hops` calls each way (lib/services/neighbourhood.ts);
 * - `fold=1`: uninstrumented leaves folded into their callers (lib/services/fold-leaves.ts);
 * - `view`: `graph` or `list` (the sorted adjacency list) for the unfocused graph; without it, the
 *   page picks the list past LIST_VIEW_THRESHOLD nodes, where a drawing stops being readable.
 */
export const GRAPH_LAYOUTS = ["dag", "force"] as const;
export type GraphLayoutMode = (typeof GRAPH_LAYOUTS)[number];
export const GRAPH_VIEWS = ["graph", "list"] as const;
export type GraphView = (typeof GRAPH_VIEWS)[number];

/** Past this many nodes the unfocused graph opens as the adjacency list: 77 services drawn are a hairball. */
export const LIST_VIEW_THRESHOLD = 50;

export interface GraphPageState {
  window: GraphWindow;
  layout: GraphLayoutMode;
  /** "" for the whole graph. */
  focus: string;
  hops: number;
  fold: boolean;
  /** "auto" when the URL names none. */
  view: GraphView | "auto";
}

/** Anything but `force` is the layered layout, the default: an old or mistyped link still opens. */
export function graphLayoutMode(text: string | null): GraphLayoutMode {
  return text === "force" ? "force" : "dag";
}

/**
 * The page's state from its URL. As with the layout, a link that asks for too much still opens as
 * near to it as the page goes: hops past the bounds are clamped, unreadable ones are the default.
 */
export function graphPageState(params: URLSearchParams): GraphPageState {
  const hops = params.get("hops");
  const view = params.get("view");
  return {
    window: graphWindow(params),
    layout: graphLayoutMode(params.get("layout")),
    focus: params.get("focus")?.trim() ?? "",
    hops: hops === null || hops.trim() === "" ? DEFAULT_HOPS : clampHops(Number(hops)),
    fold: params.get("fold") === "1",
    view: view === "graph" || view === "list" ? view : "auto",
  };
}

/** The page's query string for a state, defaults left out. */
export function graphPageQuery(state: GraphPageState): string {
  const params = windowParams(state.window);
  if (params.get("lookback") === DEFAULT_LOOKBACK) params.delete("lookback");
  if (state.layout !== "dag") params.set("layout", state.layout);
  if (state.view !== "auto") params.set("view", state.view);
  if (state.focus !== "") {
    params.set("focus", state.focus);
    if (state.hops !== DEFAULT_HOPS) params.set("hops", String(clampHops(state.hops)));
  }
  if (state.fold) params.set("fold", "1");
  return params.toString();
}

/** What the page shows: a focus is always drawn; the whole graph as the URL asks, else by its size. */
export function shownView(state: Pick<GraphPageState, "focus" | "view">, nodeCount: number): GraphView {
  if (state.focus !== "") return "graph";
  if (state.view !== "auto") return state.view;
  return nodeCount > LIST_VIEW_THRESHOLD ? "list" : "graph";
}
