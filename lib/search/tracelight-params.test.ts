import { describe, expect, it } from "vitest";
import { RequestError } from "../errors";
import { HOUR_US } from "../time/hours";
import { formatLogfmtTags, parseLogfmtTags, parseTracelightSearch } from "./tracelight-params";

const NOW_US = Date.UTC(2026, 10, 29, 12) * 1000;
const LIMITS = { maxLimit: 100, maxWindowUs: 7 * 86_400_000_000 };

const parse = (query: string) => parseTracelightSearch(new URLSearchParams(query), NOW_US, LIMITS);

function refusal(query: string): string {
  try {
    parse(query);
  } catch (error) {
    expect(error).toBeInstanceOf(RequestError);
    expect((error as RequestError).status).toBe(400);
    return (error as RequestError).message;
  }
  throw new Error(`${query} was not refused`);
}

describe("parseTracelightSearch", () => {
  it("searches every service over the last hour, newest 20 first, by default", () => {
    expect(parse("")).toEqual({
      query: { tags: [], startUs: NOW_US - HOUR_US, endUs: NOW_US, limit: 20 },
      order: "recent",
    });
  });

  it("reads every filter of the search page's URL", () => {
    const { query, order } = parse(
      "service=checkout&operation=POST+%2Fpay&tags=http.method%3DPOST+error&status=error&http=5xx&minDuration=500ms&maxDuration=2s&lookback=24h&limit=50&sort=longest",
    );
    expect(order).toBe("longest");
    expect(query).toEqual({
      serviceName: "checkout",
      spanName: "POST /pay",
      tags: [{ key: "http.method", value: "POST" }, { key: "error" }],
      error: true,
      httpStatus: { min: 500, max: 599 },
      minDurationUs: 500_000,
      maxDurationUs: 2_000_000,
      startUs: NOW_US - 24 * HOUR_US,
      endUs: NOW_US,
      limit: 50,
    });
  });

  it("applies durations to the whole trace when asked, and status ok to the trace", () => {
    const { query } = parse("minDuration=1s&durationOf=trace&status=ok&http=409");
    expect(query).toMatchObject({
      traceMinDurationUs: 1_000_000,
      error: false,
      httpStatus: { min: 409, max: 409 },
    });
    expect(query.minDurationUs).toBeUndefined();
  });

  it("takes an absolute window as ISO times or epoch milliseconds, capped to the widest window", () => {
    expect(parse("start=2026-11-29T10:00:00Z&end=2026-11-29T11:00:00Z").query).toMatchObject({
      startUs: Date.UTC(2026, 10, 29, 10) * 1000,
      endUs: Date.UTC(2026, 10, 29, 11) * 1000,
    });
    expect(parse(`start=${Date.UTC(2026, 10, 29, 11)}`).query).toMatchObject({
      startUs: Date.UTC(2026, 10, 29, 11) * 1000,
      endUs: NOW_US,
    });
    expect(parse("lookback=30d").query.startUs).toBe(NOW_US - LIMITS.maxWindowUs);
  });

  it("lowers a limit above the cap", () => {
    expect(parse("limit=5000").query.limit).toBe(100);
  });

  it.each([
    ["minDuration=fast", "minDuration: expected a duration"],
    ["minDuration=2s&maxDuration=1s", "maxDuration: must not be less than minDuration"],
    ["status=broken", "status: expected error, ok"],
    ["http=600", "http: expected a status code"],
    ["http=4x", "http: expected a status code"],
    ["sort=random", "sort: expected recent, longest, spans, errors"],
    ["durationOf=span,trace", "durationOf: expected span, trace"],
    ["limit=0", "limit: expected a positive integer"],
    ["lookback=soon", "lookback: expected a duration"],
    ["start=yesterday", "start: expected an ISO 8601 time"],
    ["start=2026-11-29T12:00:00Z&end=2026-11-29T11:00:00Z", "start: must be before end"],
    ["tags=%22open", "tags: the quote at character 1 is never closed"],
  ])("refuses %s with a 400 naming the parameter", (query, message) => {
    expect(refusal(query)).toContain(message);
  });

  it.each([
    [
      "a NUL in a name, which PostgreSQL text cannot hold",
      "service=a%00b",
      "service: must not contain a NUL",
    ],
    ["a NUL in the tags", "tags=k%3Da%00b", "tags: must not contain a NUL"],
    ["a name given twice", "service=a&service=b", "service: expected once, given 2 times"],
    ["a limit given twice", "limit=5&limit=6", "limit: expected once, given 2 times"],
    [
      "an over-long operation",
      `operation=${"x".repeat(5000)}`,
      "operation: expected at most 4096 characters",
    ],
    [
      "a duration past 2^53 µs once in microseconds",
      "minDuration=100000000000000000000000ms",
      "minDuration: expected a duration such as 500ms, 1.5s or 2h, of at most 104249d",
    ],
    ["a lookback past 2^53 µs", "lookback=104250d", "lookback: expected a duration"],
    [
      "epoch milliseconds past 2^53 µs",
      "end=99999999999999999999",
      "end: expected an ISO 8601 time such as 2026-11-29T10:00:00Z or epoch milliseconds, from 1970 to 2255-06-05",
    ],
    [
      "the first millisecond past 2^53 µs",
      `end=${Math.floor(Number.MAX_SAFE_INTEGER / 1000) + 1}`,
      "end: expected",
    ],
    ["an ISO time past 2255", "end=9999-12-31T23:59:59Z", "end: expected an ISO 8601 time"],
    ["an ISO time before 1970", "start=1969-12-31T23:59:59Z", "start: expected an ISO 8601 time"],
    [
      "'$1', which Date.parse reads as 2001",
      "start=%241",
      'start: expected an ISO 8601 time such as 2026-11-29T10:00:00Z or epoch milliseconds, from 1970 to 2255-06-05, got "$1"',
    ],
    ["a date Date.parse rolls over", "start=2026-02-30", "start: expected an ISO 8601 time"],
    ["a negative epoch time", "start=-5", "start: expected an ISO 8601 time"],
    ["an epoch time with an exponent", "end=1e12", "end: expected an ISO 8601 time"],
  ])("refuses %s", (_name, query, message) => {
    expect(refusal(query)).toContain(message);
  });

  it.each([
    ["the epoch", "start=0&end=1", 0, 1000],
    [
      "the last millisecond whose microseconds are exact",
      `start=${Math.floor(Number.MAX_SAFE_INTEGER / 1000) - 1}&end=${Math.floor(Number.MAX_SAFE_INTEGER / 1000)}`,
      (Math.floor(Number.MAX_SAFE_INTEGER / 1000) - 1) * 1000,
      Math.floor(Number.MAX_SAFE_INTEGER / 1000) * 1000,
    ],
    [
      "ISO times with offsets and fractions",
      "start=2026-11-29T11:00:00.5%2B01:00&end=2026-11-29+11:00Z",
      Date.UTC(2026, 10, 29, 10) * 1000 + 500_000,
      Date.UTC(2026, 10, 29, 11) * 1000,
    ],
  ])("takes times at %s", (_name, query, startUs, endUs) => {
    expect(parse(query).query).toMatchObject({ startUs, endUs });
  });
});

describe("logfmt tags", () => {
  it("reads keys, values, bare keys and quoted parts", () => {
    expect(parseLogfmtTags(' http.status_code=409  error "db statement"="select \\"x\\"" empty= ')).toEqual([
      { key: "http.status_code", value: "409" },
      { key: "error" },
      { key: "db statement", value: 'select "x"' },
      { key: "empty", value: "" },
    ]);
  });

  it("reads a term led by ! as an exclusion, and quotes a key that starts with one", () => {
    expect(parseLogfmtTags('!service.version=2.1 !error "!bang"=x')).toEqual([
      { key: "service.version", value: "2.1", exclude: true },
      { key: "error", exclude: true },
      { key: "!bang", value: "x" },
    ]);
    expect(
      formatLogfmtTags([
        { key: "!bang", value: "x" },
        { key: "v", value: "2", exclude: true },
      ]),
    ).toBe('"!bang"=x !v=2');
  });

  it("refuses a term without a key or run into the next one", () => {
    expect(() => parseLogfmtTags("=x")).toThrow("has no key");
    expect(() => parseLogfmtTags('a="b"c')).toThrow("expected a space");
  });

  it("writes what it reads", () => {
    const tags = [
      { key: "http.method", value: "GET" },
      { key: "error" },
      { key: "note", value: 'two "quoted" words' },
      { key: "a=b", value: "" },
    ];
    expect(parseLogfmtTags(formatLogfmtTags(tags))).toEqual(tags);
  });
});
