import { describe, expect, it } from "vitest";
import type { PathThrough } from "../api/service-paths";
import type { GraphWindow } from "../time/window";
import { describePath, pathShares, servicePathsApiQuery } from "./service-paths-view";

const LAST_HOUR: GraphWindow = { lookback: "1h", start: "", end: "" };
const MORNING: GraphWindow = {
  lookback: "1h",
  start: "2026-11-22T08:00:00.000Z",
  end: "2026-11-22T12:00:00.000Z",
};

const hop = (service: string, operation = "get") => ({ service, operation });
const path = (traces: number, ...services: string[]): PathThrough => ({
  upstream: services.slice(0, 1).map((service) => hop(service)),
  focus: hop(services[1] as string),
  downstream: services.slice(2).map((service) => hop(service)),
  traces,
});

describe("servicePathsApiQuery", () => {
  it.each<[string, GraphWindow, string, string | undefined, string]>([
    ["a service over a lookback", LAST_HOUR, "api", undefined, "lookback=1h&service=api"],
    ["an operation of it", LAST_HOUR, "api", "GET /items", "lookback=1h&service=api&operation=GET+%2Fitems"],
    ["an empty operation is every operation", LAST_HOUR, "api", "", "lookback=1h&service=api"],
    [
      "a custom range",
      MORNING,
      "api",
      undefined,
      "start=2026-11-22T08%3A00%3A00.000Z&end=2026-11-22T12%3A00%3A00.000Z&service=api",
    ],
    ["no service: nothing to ask", LAST_HOUR, "", "get", ""],
  ])("%s", (_, window, service, operation, expected) => {
    expect(servicePathsApiQuery(window, service, operation)).toBe(expected);
  });
});

describe("describePath", () => {
  it("reads root to leaf, the focus in brackets and empty operations left out", () => {
    expect(
      describePath({
        upstream: [hop("web", "GET /")],
        focus: hop("api"),
        downstream: [hop("db", "")],
        traces: 1,
      }),
    ).toBe("web · GET / → [api · get] → db");
  });
});

describe("pathShares", () => {
  it.each<[string, PathThrough[], number[]]>([
    ["the busiest path fills its bar", [path(10, "a", "b"), path(5, "a", "b", "c")], [1, 0.5]],
    ["paths without traces have empty bars", [path(0, "a", "b")], [0]],
    ["no paths, no bars", [], []],
  ])("%s", (_, paths, expected) => {
    expect(pathShares(paths)).toEqual(expected);
  });
});
