import { describe, expect, it } from "vitest";
import { countOf } from "./count";

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
