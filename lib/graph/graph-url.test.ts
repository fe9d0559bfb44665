import { describe, expect, it } from "vitest";
import {
  describeWindow,
  type GraphWindow,
  graphApiQuery,
  graphLayoutMode,
  graphPageQuery,
  graphWindow,
  tracesHref,
} from "./graph-url";

const LAST_HOUR: GraphWindow = { lookback: "1h", start: "", end: "" };
const LAST_DAY: GraphWindow = { lookback: "24h", start: "", end: "" };
const MORNING: GraphWindow = {
  lookback: "1h",
  start: "2026-11-22T08:00:00.000Z",
  end: "2026-11-22T12:00:00.000Z",
};

describe("graphWindow and graphLayoutMode", () => {
  it.each([
    ["an empty URL is the last hour", "", LAST_HOUR],
    ["a lookback", "lookback=24h", LAST_DAY],
    ["a start and end", `start=${MORNING.start}&end=${MORNING.end}`, MORNING],
    ["an empty lookback is the default", "lookback=", LAST_HOUR],
  ])("%s", (_name, query, window) => {
    expect(graphWindow(new URLSearchParams(query))).toEqual(window);
  });

  it.each([
    [null, "dag"],
    ["force", "force"],
    ["dag", "dag"],
    ["circles", "dag"],
  ])("layout %s is %s", (text, mode) => {
    expect(graphLayoutMode(text)).toBe(mode);
  });
});

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

describe("describeWindow", () => {
  it.each([
    ["a lookback", LAST_DAY, "the last 24h"],
    ["a start and end", MORNING, "between 2026-11-22 08:00:00.000 UTC and 2026-11-22 12:00:00.000 UTC"],
    ["a start alone", { ...MORNING, end: "" }, "since 2026-11-22 08:00:00.000 UTC"],
    [
      "epoch milliseconds",
      { ...MORNING, start: "1795334400000", end: "" },
      "since 2026-11-22 08:00:00.000 UTC",
    ],
    ["an unreadable time as typed", { ...MORNING, start: "yesterday", end: "" }, "since yesterday"],
  ])("%s", (_name, window, text) => {
    expect(describeWindow(window)).toBe(text);
  });
});
