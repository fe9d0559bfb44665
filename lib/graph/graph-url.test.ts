import { describe, expect, it } from "vitest";
import { tracesHref } from "../search/search-url";
import { type GraphWindow, graphApiQuery, graphWindow } from "../time/window";
import { graphLayoutMode, graphPageQuery } from "./graph-url";

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
    expect(graphPageQuery(window, layout)).toBe(page);
    expect(graphApiQuery(window)).toBe(api);
    expect(tracesHref("api", window)).toBe(traces);
    expect(graphWindow(new URLSearchParams(page))).toEqual(window);
  });
});
