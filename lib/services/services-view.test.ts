import { describe, expect, it } from "vitest";
import { OVERFLOW_NAME } from "../api/service-metrics";
import type { GraphWindow } from "../time/window";
import {
  describePage,
  operationTracesHref,
  overflowLabel,
  refreshIntervalMs,
  servicesApiQuery,
  servicesPageQuery,
  servicesView,
  sortedBy,
} from "./services-view";

const view = (query: string) => servicesView(new URLSearchParams(query));

const DEFAULTS = { sort: "errorRate", order: "desc", page: 1, service: "", step: "auto", refresh: "30s" };

describe("the services page's URL", () => {
  it.each([
    ["nothing: the worst first, last hour, refreshed every 30s", "", DEFAULTS],
    ["a page and a sort", "page=3&sort=errors", { ...DEFAULTS, sort: "errors", page: 3 }],
    ["a sort by name, from A", "sort=name", { ...DEFAULTS, sort: "name", order: "asc" }],
    ["a sort reversed", "sort=p95&order=asc", { ...DEFAULTS, sort: "p95", order: "asc" }],
    ["one service", "service=shop&page=2", { ...DEFAULTS, page: 2, service: "shop" }],
    ["a step and no refresh", "step=5m&refresh=off", { ...DEFAULTS, step: "5m", refresh: "off" }],
    ["a page that is not a number opens the first", "page=two", DEFAULTS],
    ["a page of zero opens the first", "page=0", DEFAULTS],
    ["a fractional page opens the first", "page=1.5", DEFAULTS],
    ["an unknown sort is the worst first", "sort=latency", DEFAULTS],
    ["an unknown order is the sort's own", "sort=name&order=up", { ...DEFAULTS, sort: "name", order: "asc" }],
    ["an unknown step is auto, an unknown refresh the default", "step=7m&refresh=1s", DEFAULTS],
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
    ["an order only when it is not the sort's own", "sort=name&order=asc", "lookback=1h&sort=name"],
    ["the worst first reversed", "order=asc", "lookback=1h&order=asc"],
    ["a step and a refresh", "refresh=off&step=1m", "lookback=1h&step=1m&refresh=off"],
    ["the first page without its number", "page=1&lookback=6h", "lookback=6h"],
    [
      "a range instead of a lookback",
      "start=2026-01-01T00:00:00Z&page=4",
      "start=2026-01-01T00%3A00%3A00Z&page=4",
    ],
  ])("writes %s", (_, query, expected) => {
    expect(servicesPageQuery(view(query))).toBe(expected);
  });

  it("asks the API for the page as an offset and a limit, in the sort's order, at the step", () => {
    expect(servicesApiQuery(view("page=3&sort=errors&service=shop&step=5m"))).toBe(
      "lookback=1h&service=shop&sort=errors&order=desc&offset=40&limit=20&step=5m",
    );
    expect(servicesApiQuery(view(""))).toBe("lookback=1h&sort=errorRate&order=desc&offset=0&limit=20");
  });
});

describe("sortedBy: a click on a column's header", () => {
  it.each([
    ["another column starts worst first", "", "p95", { sort: "p95", order: "desc" }],
    ["names start from A", "", "name", { sort: "name", order: "asc" }],
    ["the same column again reverses it", "sort=p95", "p95", { sort: "p95", order: "asc" }],
    ["and once more puts it back", "sort=p95&order=asc", "p95", { sort: "p95", order: "desc" }],
    ["names reversed run from Z", "sort=name", "name", { sort: "name", order: "desc" }],
    ["back to the first page", "page=3&sort=calls", "errorRate", { page: 1 }],
  ] as const)("%s", (_, query, column, expected) => {
    expect(sortedBy(view(query), column)).toMatchObject(expected);
  });

  it("keeps the window, step and refresh", () => {
    const sorted = sortedBy(view("lookback=6h&step=5m&refresh=10s"), "calls");
    expect(servicesPageQuery(sorted)).toBe("lookback=6h&sort=calls&step=5m&refresh=10s");
  });
});

describe("refreshIntervalMs", () => {
  it.each([
    ["the default, every 30s", "", 30_000],
    ["every 10s", "refresh=10s", 10_000],
    ["every minute", "refresh=1m", 60_000],
    ["off", "refresh=off", false],
    ["a window from a start to now moves", "start=2026-01-01T00:00:00Z&refresh=10s", 10_000],
    [
      "a window with an end does not move: not refreshed",
      "start=2026-01-01T00:00:00Z&end=2026-01-01T01:00:00Z&refresh=10s",
      false,
    ],
  ])("%s", (_, query, expected) => {
    expect(refreshIntervalMs(view(query))).toBe(expected);
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
