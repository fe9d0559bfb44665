import { describe, expect, it } from "vitest";
import { absoluteWindow, describeSearch, searchQueryString, searchValues, windowValues } from "./search-url";

describe("searchQueryString", () => {
  it("keeps what was asked, in field order, without empty fields or defaults", () => {
    expect(
      searchQueryString({
        sort: "recent",
        tags: " http.status_code=409 ",
        service: "checkout",
        operation: "",
        lookback: "1h",
        limit: "20",
        status: "error",
        durationOf: "span",
        minDuration: "500ms",
      }),
    ).toBe("service=checkout&tags=http.status_code%3D409&status=error&minDuration=500ms");
  });

  it("drops the lookback when an absolute window is given", () => {
    expect(searchQueryString({ lookback: "6h", start: "2026-11-29T10:00:00.000Z" })).toBe(
      "start=2026-11-29T10%3A00%3A00.000Z",
    );
  });

  it("reads back what it wrote, defaults filled in", () => {
    const values = searchValues(new URLSearchParams(searchQueryString({ service: "a b", sort: "longest" })));
    expect(values).toMatchObject({
      service: "a b",
      sort: "longest",
      lookback: "1h",
      limit: "20",
      durationOf: "span",
      tags: "",
    });
  });
});

describe("describeSearch", () => {
  it("says the active filters in words", () => {
    const values = searchValues(
      new URLSearchParams("service=shop&status=ok&http=5xx&minDuration=1s&durationOf=trace"),
    );
    expect(describeSearch(values)).toEqual([
      "service shop",
      "without errors",
      "HTTP 5xx",
      "trace ≥ 1s",
      "last 1h",
    ]);
    expect(describeSearch(searchValues(new URLSearchParams()))).toEqual(["all services", "last 1h"]);
  });
});

describe("windowValues", () => {
  it("turns a brushed range into an absolute window that contains it", () => {
    expect(windowValues({ startUs: 1_700_000_000_000_500, endUs: 1_700_000_060_000_500 })).toEqual({
      start: "2023-11-14T22:13:20.000Z",
      end: "2023-11-14T22:14:20.001Z",
      lookback: "",
    });
  });
});

describe("absoluteWindow", () => {
  it("reads ISO times and epoch milliseconds, the end defaulting to now", () => {
    const values = searchValues(new URLSearchParams("start=2026-11-29T10:00:00Z&end=1795953600000"));
    expect(absoluteWindow(values, 0)).toEqual({
      startUs: 1_795_946_400_000_000,
      endUs: 1_795_953_600_000_000,
    });
    expect(absoluteWindow(searchValues(new URLSearchParams("start=1000")), 5000)).toEqual({
      startUs: 1_000_000,
      endUs: 5_000_000,
    });
    expect(absoluteWindow(searchValues(new URLSearchParams("lookback=1h")), 5000)).toBeUndefined();
  });
});
