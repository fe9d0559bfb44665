import { describe, expect, it } from "vitest";
import { exactName, suggestNames } from "./service-search";

const NAMES = ["api-gateway", "orders", "orders-api", "payments-api", "API", "legacy.api.v1", "rapid"];

describe("suggestNames", () => {
  it.each<[string, string, string[]]>([
    ["nothing for nothing typed", "  ", []],
    [
      "prefixes first, then word starts, then anywhere, shorter first",
      "api",
      ["API", "api-gateway", "orders-api", "payments-api", "legacy.api.v1", "rapid"],
    ],
    ["case does not matter", "ORD", ["orders", "orders-api"]],
    ["nothing matches", "zzz", []],
  ])("%s", (_name, text, expected) => {
    expect(suggestNames(NAMES, text)).toEqual(expected);
  });

  it("lists at most the limit", () => {
    expect(suggestNames(NAMES, "a", 2)).toHaveLength(2);
  });
});

describe("exactName", () => {
  it("prefers the exact case, else any case, else nothing", () => {
    expect(exactName(NAMES, "API")).toBe("API");
    expect(exactName(NAMES, " Orders ")).toBe("orders");
    expect(exactName(NAMES, "order")).toBeUndefined();
  });
});
