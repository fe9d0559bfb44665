import { describe, expect, it } from "vitest";
import { countOf, groupedCountOf } from "./count";

describe("countOf", () => {
  it.each([
    [1, "span", undefined, "1 span"],
    [0, "span", undefined, "0 spans"],
    [3, "trace", undefined, "3 traces"],
    [2, "match", "matches", "2 matches"],
  ])("writes %d %s", (count, noun, plural, expected) => {
    expect(countOf(count, noun, plural)).toBe(expected);
  });
});

describe("groupedCountOf", () => {
  it.each([
    [1, "call", "1 call"],
    [999, "call", "999 calls"],
    [12_500, "call", "12,500 calls"],
    [1_000_000, "error", "1,000,000 errors"],
  ])("writes %d %s", (count, noun, expected) => {
    expect(groupedCountOf(count, noun)).toBe(expected);
  });
});
