import { describe, expect, it } from "vitest";
import { searchValues } from "./search-url";
import { isTraceQLSearch, traceHref, traceqlQueryString, windowOf } from "./traceql-url";

describe("the TraceQL mode's URL", () => {
  it.each([
    ["the query alone", { q: "{ }" }, "q=%7B+%7D"],
    ["an empty query, which still means the mode", { q: "" }, "q="],
    ["defaults left out", { q: "{ }", lookback: "1h", limit: "20" }, "q=%7B+%7D"],
    ["a lookback and a limit", { q: "{ }", lookback: "15m", limit: "5" }, "q=%7B+%7D&lookback=15m&limit=5"],
    [
      "an absolute window replacing the lookback",
      { q: "{ }", lookback: "15m", start: "2026-01-01T00:00:00Z", end: "2026-01-01T01:00:00Z" },
      "q=%7B+%7D&start=2026-01-01T00%3A00%3A00Z&end=2026-01-01T01%3A00%3A00Z",
    ],
  ])("writes %s", (_, values, expected) => {
    expect(traceqlQueryString(values)).toBe(expected);
    expect(isTraceQLSearch(new URLSearchParams(expected))).toBe(true);
  });

  it("keeps the form's window when switching modes", () => {
    const form = searchValues(new URLSearchParams("service=shop&lookback=3h&limit=7"));
    expect(traceqlQueryString({ ...windowOf(form), q: "{ }" })).toBe("q=%7B+%7D&lookback=3h&limit=7");
  });

  it("is not the form's URL", () => {
    expect(isTraceQLSearch(new URLSearchParams("service=shop"))).toBe(false);
  });

  it("opens a result's trace with the query", () => {
    expect(traceHref("abc", '{ .a = "x y" }')).toBe("/trace/abc?q=%7B+.a+%3D+%22x+y%22+%7D");
  });
});
