import { describe, expect, it } from "vitest";
import { operationSearchHref } from "./red-url";

describe("operationSearchHref", () => {
  it.each([
    {
      name: "an operation's traces over the lookback, spelt out even when it is the default",
      window: { lookback: "1h", start: "", end: "" },
      errorsOnly: false,
      href: "/search?service=shop&operation=get+%2Fcart&lookback=1h",
    },
    {
      name: "its failed traces",
      window: { lookback: "7d", start: "", end: "" },
      errorsOnly: true,
      href: "/search?service=shop&operation=get+%2Fcart&lookback=7d&status=error",
    },
    {
      name: "an absolute window instead of the lookback",
      window: { lookback: "1h", start: "2026-11-22T08:00:00.000Z", end: "2026-11-22T12:00:00.000Z" },
      errorsOnly: false,
      href: "/search?service=shop&operation=get+%2Fcart&start=2026-11-22T08%3A00%3A00.000Z&end=2026-11-22T12%3A00%3A00.000Z",
    },
  ])("$name", ({ window, errorsOnly, href }) => {
    expect(operationSearchHref("shop", "get /cart", window, errorsOnly)).toBe(href);
  });
});
