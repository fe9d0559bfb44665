import { describe, expect, it } from "vitest";
import {
  describeWindow,
  fromLocalInput,
  type GraphWindow,
  graphWindow,
  LOOKBACKS,
  lookbackChoices,
  toLocalInput,
} from "./window";

const MORNING: GraphWindow = {
  lookback: "1h",
  start: "2026-11-22T08:00:00.000Z",
  end: "2026-11-22T12:00:00.000Z",
};

describe("graphWindow", () => {
  it.each([
    ["an empty URL is the last hour", "", { lookback: "1h", start: "", end: "" }],
    ["a lookback", "lookback=24h", { lookback: "24h", start: "", end: "" }],
    ["a start and end", `start=${MORNING.start}&end=${MORNING.end}`, MORNING],
    ["an empty lookback is the default", "lookback=", { lookback: "1h", start: "", end: "" }],
  ])("%s", (_name, query, window) => {
    expect(graphWindow(new URLSearchParams(query))).toEqual(window);
  });
});

describe("describeWindow", () => {
  it.each([
    ["a lookback", { lookback: "24h", start: "", end: "" }, "the last 24h"],
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

describe("lookbackChoices", () => {
  it("offers the usual lookbacks, and one a URL asked for besides them", () => {
    expect(lookbackChoices("1h")).toBe(LOOKBACKS);
    expect(lookbackChoices("90m")).toEqual([...LOOKBACKS, "90m"]);
  });
});

describe("toLocalInput and fromLocalInput", () => {
  it("round-trip a time through a datetime-local input, to the second", () => {
    const iso = "2026-11-29T10:15:30.000Z";
    expect(fromLocalInput(toLocalInput(iso))).toBe(iso);
    expect(fromLocalInput(toLocalInput(String(Date.parse(iso))))).toBe(iso);
  });

  it("leave an empty or unreadable time empty", () => {
    expect(toLocalInput("")).toBe("");
    expect(toLocalInput("yesterday")).toBe("");
    expect(fromLocalInput("")).toBe("");
  });
});
