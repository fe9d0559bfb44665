import { describe, expect, it } from "vitest";
import { tracesHref } from "../search/search-url";
import { type GraphWindow, graphApiQuery, graphWindow } from "../time/window";
import { type GraphPageState, graphLayoutMode, graphPageQuery, graphPageState, shownView } from "./graph-url";

const LAST_HOUR: GraphWindow = { lookback: "1h", start: "", end: "" };
const LAST_DAY: GraphWindow = { lookback: "24h", start: "", end: "" };
const MORNING: GraphWindow = {
  lookback: "1h",
  start: "2026-11-22T08:00:00.000Z",
  end: "2026-11-22T12:00:00.000Z",
};

describe("graphLayoutMode", () => {
  it.each([
    [null, "dag"],
    ["force", "force"],
    ["dag", "dag"],
    ["circles", "dag"],
  ])("layout %s is %s", (text, mode) => {
    expect(graphLayoutMode(text)).toBe(mode);
  });
});

/** The page, its API call and its links to the search page agree on the window. */
describe("graph URLs", () => {
  it.each<[string, GraphWindow, "dag" | "force", string, string, string]>([
    ["the defaults", LAST_HOUR, "dag", "", "lookback=1h", "/search?service=api&lookback=1h"],
    [
      "a lookback and the force layout",
      LAST_DAY,
      "force",
      "lookback=24h&layout=force",
      "lookback=24h",
      "/search?service=api&lookback=24h",
    ],
    [
      "a start and end replace the lookback",
      MORNING,
      "dag",
      "start=2026-11-22T08%3A00%3A00.000Z&end=2026-11-22T12%3A00%3A00.000Z",
      "start=2026-11-22T08%3A00%3A00.000Z&end=2026-11-22T12%3A00%3A00.000Z",
      "/search?service=api&start=2026-11-22T08%3A00%3A00.000Z&end=2026-11-22T12%3A00%3A00.000Z",
    ],
  ])("%s", (_name, window, layout, page, api, traces) => {
    expect(graphPageQuery(state({ window, layout }))).toBe(page);
    expect(graphApiQuery(window)).toBe(api);
    expect(tracesHref("api", window)).toBe(traces);
    expect(graphWindow(new URLSearchParams(page))).toEqual(window);
  });
});

function state(fields: Partial<GraphPageState>): GraphPageState {
  return { window: LAST_HOUR, layout: "dag", focus: "", hops: 1, fold: false, view: "auto", ...fields };
}

describe("graphPageState", () => {
  it.each<[string, string, Partial<GraphPageState>]>([
    ["nothing: the whole graph, one hop, leaves shown, the view by size", "", {}],
    ["a focus with two hops", "focus=api&hops=2", { focus: "api", hops: 2 }],
    ["hops past the bound are clamped", "focus=api&hops=99", { focus: "api", hops: 5 }],
    ["hops below the bound are clamped", "focus=api&hops=0", { focus: "api", hops: 1 }],
    ["unreadable hops are the default", "focus=api&hops=many", { focus: "api", hops: 1 }],
    ["folded leaves and the list view", "fold=1&view=list", { fold: true, view: "list" }],
    ["an unknown view is left to the size", "view=matrix&fold=yes", {}],
  ])("%s", (_name, query, fields) => {
    expect(graphPageState(new URLSearchParams(query))).toEqual(state(fields));
  });

  it.each<[string, Partial<GraphPageState>, string]>([
    ["defaults are left out", {}, ""],
    ["a focus keeps its hops past the default", { focus: "api", hops: 3 }, "focus=api&hops=3"],
    ["hops mean nothing without a focus", { hops: 3 }, ""],
    [
      "everything, window first",
      { window: LAST_DAY, layout: "force", view: "graph", focus: "a b", fold: true },
      "lookback=24h&layout=force&view=graph&focus=a+b&fold=1",
    ],
  ])("writes %s", (_name, fields, query) => {
    expect(graphPageQuery(state(fields))).toBe(query);
    expect(graphPageState(new URLSearchParams(query))).toEqual(
      state({ ...fields, hops: fields.focus ? (fields.hops ?? 1) : 1 }),
    );
  });
});

describe("shownView", () => {
  it.each<[string, Partial<GraphPageState>, number, "graph" | "list"]>([
    ["a small graph is drawn", {}, 50, "graph"],
    ["a big graph is listed", {}, 51, "list"],
    ["a big graph drawn when asked", { view: "graph" }, 300, "graph"],
    ["a small graph listed when asked", { view: "list" }, 3, "list"],
    ["a focus is always drawn", { focus: "api", view: "list" }, 300, "graph"],
  ])("%s", (_name, fields, nodes, view) => {
    expect(shownView(state(fields), nodes)).toBe(view);
  });
});
