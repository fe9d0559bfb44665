import { describe, expect, it } from "vitest";
import { slowTailApiQuery, slowTailFilterHref, slowTailOf, slowTailPageQuery } from "./slow-tail";

const tail = { service: "shop", operation: "GET /cart", slowerThanUs: 250_000 };
const window = { lookback: "6h", start: "", end: "" };

describe("slowTailOf and slowTailPageQuery", () => {
  it("reads back the tail it wrote, keeping the page's own parameters", () => {
    const query = slowTailPageQuery("lookback=6h&sort=errors", tail);
    expect(query).toBe("lookback=6h&sort=errors&tailService=shop&tailOperation=GET+%2Fcart&slowerThan=250ms");
    expect(slowTailOf(new URLSearchParams(query))).toEqual(tail);
  });

  it("drops the tail when it closes", () => {
    expect(slowTailPageQuery("lookback=6h&tailService=shop&tailOperation=a&slowerThan=1s", undefined)).toBe(
      "lookback=6h",
    );
  });

  it.each([
    "tailService=shop&slowerThan=1s",
    "tailService=shop&tailOperation=a",
    "tailService=shop&tailOperation=a&errors=true",
  ])("reads no tail from %s", (query) => expect(slowTailOf(new URLSearchParams(query))).toBeUndefined());
});

describe("slowTailApiQuery", () => {
  it("asks for the operation's spans slower than the p95, in the window", () => {
    expect(slowTailApiQuery(tail, window)).toBe(
      "service=shop&operation=GET+%2Fcart&lookback=6h&slowerThan=250ms&scope=span",
    );
  });
});

describe("slowTailFilterHref", () => {
  it("searches the operation's traces in the window with the attribute as a tag", () => {
    expect(slowTailFilterHref(tail, window, "service.version=2.1")).toBe(
      "/search?service=shop&operation=GET+%2Fcart&lookback=6h&tags=service.version%3D2.1",
    );
  });
});
