import { describe, expect, it } from "vitest";
import { safeReturnPath, signInRedirect } from "./return-to";

describe("safeReturnPath", () => {
  it.each([
    [
      "a shared trace link",
      "/trace/4bf92f3577b34da6a3ce929d0e0e4736?span=00f067aa0ba902b7",
      "/trace/4bf92f3577b34da6a3ce929d0e0e4736?span=00f067aa0ba902b7",
    ],
    [
      "a search with several parameters",
      "/search?service=api&tags=a%3Db&lookback=1h",
      "/search?service=api&tags=a%3Db&lookback=1h",
    ],
    ["the root", "/", "/"],
    ["dot segments, resolved", "/search/../services", "/services"],
    ["Next.js's data marker, dropped", "/trace/ab?span=cd&_rsc=1x2y", "/trace/ab?span=cd"],
  ])("keeps %s", (_, next, kept) => {
    expect(safeReturnPath(next)).toBe(kept);
  });

  it.each([
    ["nothing", null],
    ["an empty link", ""],
    ["another site", "https://evil.example/"],
    ["a scheme-relative link", "//evil.example/path"],
    ["a backslash that browsers read as a slash", "/\\evil.example"],
    ["a tab inside a scheme-relative link", "/\t/evil.example"],
    ["a relative path", "search"],
    ["a javascript: link", "javascript:alert(1)"],
    ["the sign-in page itself", "/signin?next=/search"],
    ["the sign-in flow", "/api/auth/callback?code=x"],
    ["a link too long to be a link", `/search?q=${"a".repeat(5000)}`],
  ])("turns %s into the root", (_, next) => {
    expect(safeReturnPath(next)).toBe("/");
  });

  it("never lets a header break out of Location", () => {
    expect(safeReturnPath("/search?x=\r\nset-cookie:a=b")).not.toMatch(/[\r\n]/);
  });
});

describe("signInRedirect", () => {
  it("carries the link, encoded, to the sign-in page", () => {
    expect(signInRedirect("/trace/ab?span=cd")).toBe("/signin?next=%2Ftrace%2Fab%3Fspan%3Dcd");
  });
});
