import { describe, expect, it } from "vitest";
import {
  attributeDiffApiQuery,
  type DiffSelection,
  describeDiffCounts,
  describeDiffSelection,
  diffSelectionOf,
  diffSelectionParam,
  durationParam,
} from "./diff-selection";

const params = (query: string) => new URLSearchParams(query);

describe("diffSelectionOf and diffSelectionParam", () => {
  it.each<[string, DiffSelection | undefined]>([
    ["slowerThan=250ms", { kind: "slowerThan", durationUs: 250_000 }],
    ["errors=true", { kind: "errors" }],
    ["traceIds=a1,b2", { kind: "traceIds", traceIds: ["a1", "b2"] }],
    ["service=shop", undefined],
    ["slowerThan=fast", undefined],
    ["errors=false", undefined],
    ["traceIds=,", undefined],
  ])("%s reads as %j", (query, expected) => {
    expect(diffSelectionOf(params(query))).toEqual(expected);
  });

  it.each<DiffSelection>([
    { kind: "slowerThan", durationUs: 1_250 },
    { kind: "slowerThan", durationUs: 812 },
    { kind: "slowerThan", durationUs: 3_400_000 },
    { kind: "slowerThan", durationUs: 125_000_000 },
    { kind: "errors" },
    { kind: "traceIds", traceIds: ["a", "b", "c"] },
  ])("reads back what it wrote: %j", (selection) => {
    const [key, value] = diffSelectionParam(selection);
    expect(diffSelectionOf(params(`${key}=${encodeURIComponent(value)}`))).toEqual(selection);
  });
});

describe("durationParam", () => {
  it.each([
    [250_000, "250ms"],
    [812, "812µs"],
    [1_500_000, "1.5s"],
    [125_000_000, "125s"],
  ])("%d µs is %s", (us, text) => expect(durationParam(us)).toBe(text));
});

describe("attributeDiffApiQuery", () => {
  it("passes the search's filters on, without the sort or empty fields, then the selection", () => {
    expect(
      attributeDiffApiQuery(
        { service: "shop", operation: "", tags: "tier=gold", lookback: "1h", sort: "longest" },
        { kind: "slowerThan", durationUs: 250_000 },
      ),
    ).toBe("service=shop&tags=tier%3Dgold&lookback=1h&slowerThan=250ms");
  });

  it("asks for an operation's spans with scope=span", () => {
    expect(attributeDiffApiQuery({ service: "shop", operation: "GET /" }, { kind: "errors" }, "span")).toBe(
      "service=shop&operation=GET+%2F&errors=true&scope=span",
    );
  });
});

describe("describeDiffCounts", () => {
  const answer = {
    scope: "trace" as const,
    selectionCount: 123,
    baselineCount: 877,
    sampled: false,
    populationCount: 1000,
  };
  it.each<[DiffSelection, typeof answer, string]>([
    [{ kind: "slowerThan", durationUs: 250_000 }, answer, "123 traces slower than 250ms vs 877 others"],
    [
      { kind: "errors" },
      { ...answer, scope: "span" as never, selectionCount: 1 },
      "1 span with errors vs 877 without",
    ],
    [
      { kind: "traceIds", traceIds: ["a", "b"] },
      { ...answer, selectionCount: 2 },
      "2 picked traces vs 877 others",
    ],
    [
      { kind: "errors" },
      { ...answer, sampled: true, populationCount: 12_500 },
      "123 traces with errors vs 877 without, sampled from 12,500",
    ],
  ])("%j", (selection, counts, words) => expect(describeDiffCounts(selection, counts)).toBe(words));
});

describe("describeDiffSelection", () => {
  it.each<[DiffSelection, { selection: string; baseline: string }]>([
    [
      { kind: "slowerThan", durationUs: 1_500_000 },
      { selection: "slower than 1.5s", baseline: "others" },
    ],
    [{ kind: "errors" }, { selection: "with errors", baseline: "without" }],
    [
      { kind: "traceIds", traceIds: ["a"] },
      { selection: "picked", baseline: "others" },
    ],
  ])("%j", (selection, words) => expect(describeDiffSelection(selection)).toEqual(words));
});
