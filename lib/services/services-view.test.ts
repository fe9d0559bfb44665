import { describe, expect, it } from "vitest";
import { OVERFLOW_NAME } from "../api/service-metrics";
import type { GraphWindow } from "../time/window";
import {
  describePage,
  operationTracesHref,
  overflowLabel,
  servicesApiQuery,
  servicesPageQuery,
  servicesView,
} from "./services-view";

const view = (query: string) => servicesView(new URLSearchParams(query));

describe("the services page's URL", () => {
  it.each([
    ["nothing: the first page by calls, last hour", "", { sort: "calls", page: 1, service: "" }],
    ["a page and a sort", "page=3&sort=errors", { sort: "errors", page: 3, service: "" }],
    ["one service", "service=shop&page=2", { sort: "calls", page: 2, service: "shop" }],
    ["a page that is not a number opens the first", "page=two", { sort: "calls", page: 1, service: "" }],
    ["a page of zero opens the first", "page=0", { sort: "calls", page: 1, service: "" }],
    ["a fractional page opens the first", "page=1.5", { sort: "calls", page: 1, service: "" }],
    ["an unknown sort is by calls", "sort=latency", { sort: "calls", page: 1, service: "" }],
  ])("reads %s", (_, query, expected) => {
    expect(view(query)).toMatchObject(expected);
  });

  it.each([
    ["the defaults as the lookback alone", "", "lookback=1h"],
    [
      "a sort, a service and a page",
      "sort=name&service=shop&page=2",
      "lookback=1h&service=shop&sort=name&page=2",
    ],
    ["the first page without its number", "page=1&lookback=6h", "lookback=6h"],
    [
      "a range instead of a lookback",
      "start=2026-01-01T00:00:00Z&page=4",
      "start=2026-01-01T00%3A00%3A00Z&page=4",
    ],
  ])("writes %s", (_, query, expected) => {
    expect(servicesPageQuery(view(query))).toBe(expected);
  });

  it("asks the API for the page as an offset and a limit", () => {
    expect(servicesApiQuery(view("page=3&sort=errors&service=shop"))).toBe(
      "lookback=1h&service=shop&sort=errors&offset=40&limit=20",
    );
    expect(servicesApiQuery(view(""))).toBe("lookback=1h&sort=calls&offset=0&limit=20");
  });
});

describe("describePage", () => {
  it.each([
    [0, 20, 57, "1–20 of 57 services"],
    [40, 17, 57, "41–57 of 57 services"],
    [0, 1, 1, "1–1 of 1 service"],
    [60, 0, 57, "none of 57 services"],
  ])("from %i, %i shown of %i: %s", (offset, shown, total, expected) => {
    expect(describePage(offset, shown, total, "service")).toBe(expected);
  });
});

describe("overflowLabel", () => {
  it("names a listed service or operation as itself", () => {
    expect(overflowLabel("shop", "service")).toEqual({ label: "shop" });
  });

  it("says what the overflow rows hold and why", () => {
    expect(overflowLabel(OVERFLOW_NAME, "service")).toMatchObject({ label: "Other services" });
    expect(overflowLabel(OVERFLOW_NAME, "service").why).toContain("TRACELIGHT_MAX_SERVICES");
    expect(overflowLabel(OVERFLOW_NAME, "operation")).toMatchObject({ label: "Other operations" });
    expect(overflowLabel(OVERFLOW_NAME, "operation").why).toContain("TRACELIGHT_MAX_OPERATIONS_PER_SERVICE");
  });
});

describe("operationTracesHref", () => {
  const window = { lookback: "6h", start: "", end: "" };
  it.each([
    [
      "an operation: its traces",
      "shop",
      "get /cart",
      false,
      "/search?service=shop&operation=get+%2Fcart&lookback=6h",
    ],
    [
      "its failed traces",
      "shop",
      "get /cart",
      true,
      "/search?service=shop&operation=get+%2Fcart&lookback=6h&status=error",
    ],
    [
      "a service's other operations: the service's traces",
      "shop",
      OVERFLOW_NAME,
      false,
      "/search?service=shop&lookback=6h",
    ],
    [
      "the other services: every service's failed traces",
      OVERFLOW_NAME,
      OVERFLOW_NAME,
      true,
      "/search?lookback=6h&status=error",
    ],
  ])("%s", (_, service, operation, errorsOnly, expected) => {
    expect(operationTracesHref(service, operation, window, errorsOnly)).toBe(expected);
  });

  it.each<[string, GraphWindow, string]>([
    [
      "the default lookback, spelt out",
      { lookback: "1h", start: "", end: "" },
      "/search?service=shop&operation=get+%2Fcart&lookback=1h",
    ],
    [
      "an absolute window instead of the lookback",
      { lookback: "1h", start: "2026-11-22T08:00:00.000Z", end: "2026-11-22T12:00:00.000Z" },
      "/search?service=shop&operation=get+%2Fcart&start=2026-11-22T08%3A00%3A00.000Z&end=2026-11-22T12%3A00%3A00.000Z",
    ],
  ])("an operation's traces over %s", (_, otherWindow, expected) => {
    expect(operationTracesHref("shop", "get /cart", otherWindow)).toBe(expected);
  });
});
