import { describe, expect, it } from "vitest";
import type { SearchQuery } from "./query";
import {
  parseZipkinDependenciesQuery,
  parseZipkinServiceName,
  parseZipkinTraceIds,
  parseZipkinTracesQuery,
} from "./zipkin-params";

const DAY_MS = 86_400_000;
const NOW_MS = 1_763_800_000_000;
const NOW_US = NOW_MS * 1000;
const LIMITS = { maxLimit: 1000, maxWindowUs: 7 * DAY_MS * 1000 };

const parse = (search: string) => parseZipkinTracesQuery(new URLSearchParams(search), NOW_MS, LIMITS);

describe("parseZipkinTracesQuery", () => {
  it("defaults to the 10 newest traces of all time, capped to the window, ignoring case", () => {
    expect(parse("")).toEqual<SearchQuery>({
      tags: [],
      startUs: NOW_US - LIMITS.maxWindowUs,
      endUs: NOW_US,
      limit: 10,
      ignoreCase: true,
    });
  });

  it("reads every parameter", () => {
    const search =
      "serviceName=frontend&remoteServiceName=mysql&spanName=get+%2Fcart&annotationQuery=error+and+http.method%3DGET" +
      "&minDuration=1500&maxDuration=90000&endTs=1763790000000&lookback=3600000&limit=25";
    expect(parse(search)).toEqual<SearchQuery>({
      serviceName: "frontend",
      remoteServiceName: "mysql",
      spanName: "get /cart",
      tags: [{ key: "error" }, { key: "http.method", value: "GET" }],
      minDurationUs: 1500,
      maxDurationUs: 90_000,
      startUs: (1_763_790_000_000 - 3_600_000) * 1000,
      endUs: 1_763_790_000_000 * 1000,
      limit: 25,
      ignoreCase: true,
    });
  });

  it.each([
    [
      "names are lower-cased, as Zipkin stores them",
      "serviceName=FrontEnd&remoteServiceName=MySQL&spanName=GET",
      {
        serviceName: "frontend",
        remoteServiceName: "mysql",
        spanName: "get",
      },
    ],
    [
      "the span name all, which Lens sends, means any",
      "serviceName=api&spanName=all",
      { serviceName: "api" },
    ],
    ["ALL means any too, once lower-cased", "spanName=ALL", {}],
    ["empty names mean any", "serviceName=&remoteServiceName=&spanName=", {}],
  ])("%s", (_name, search, names) => {
    const query = parse(search);
    expect({
      serviceName: query.serviceName,
      remoteServiceName: query.remoteServiceName,
      spanName: query.spanName,
    }).toEqual({ serviceName: undefined, remoteServiceName: undefined, spanName: undefined, ...names });
  });

  it.each([
    [
      "endTs alone: all time before it, capped",
      "endTs=1763790000000",
      1_763_790_000_000_000 - LIMITS.maxWindowUs,
    ],
    ["a lookback within the cap", "lookback=60000", NOW_US - 60_000_000],
    [
      "a lookback wider than the cap, narrowed to its recent part",
      `lookback=${30 * DAY_MS}`,
      NOW_US - LIMITS.maxWindowUs,
    ],
    ["a lookback past the epoch starts at the epoch", `endTs=${DAY_MS}&lookback=${10 * DAY_MS}`, 0],
  ])("window: %s", (_name, search, startUs) => {
    expect(parse(search).startUs).toBe(startUs);
  });

  it.each([
    ["a limit above the cap is clamped", "limit=5000", 1000],
    ["an empty limit is the default", "limit=", 10],
  ])("%s", (_name, search, limit) => {
    expect(parse(search).limit).toBe(limit);
  });

  it("takes a maxDuration equal to minDuration: one exact duration", () => {
    expect(parse("minDuration=500&maxDuration=500")).toMatchObject({
      minDurationUs: 500,
      maxDurationUs: 500,
    });
  });

  it.each([
    ["endTs zero", "endTs=0", "endTs <= 0"],
    ["endTs negative", "endTs=-5", "endTs <= 0"],
    ["limit zero", "limit=0", "limit <= 0"],
    ["limit negative", "limit=-1", "limit <= 0"],
    ["lookback zero", "lookback=0", "lookback <= 0"],
    ["minDuration zero", "minDuration=0", "minDuration <= 0"],
    ["maxDuration without minDuration", "maxDuration=10", "maxDuration is only valid with minDuration"],
    ["maxDuration below minDuration", "minDuration=10&maxDuration=5", "maxDuration < minDuration"],
    ["a limit that is no integer", "limit=ten", 'limit: expected an integer, got "ten"'],
    [
      "a duration with a unit: Zipkin's are microseconds",
      "minDuration=1.5ms",
      'minDuration: expected an integer, got "1.5ms"',
    ],
    [
      "an endTs in seconds with a fraction",
      "endTs=1763790000.5",
      'endTs: expected an integer, got "1763790000.5"',
    ],
    [
      "an endTs whose microseconds are no exact number",
      "endTs=9007199254741",
      'endTs: "9007199254741" is out of range',
    ],
    [
      "a lookback whose microseconds are no exact number",
      "lookback=-9007199254741",
      'lookback: "-9007199254741" is out of range',
    ],
    [
      "more than 100 annotation terms",
      `annotationQuery=${"a and ".repeat(100)}a`,
      "annotationQuery: at most 100 terms, got 101",
    ],
    [
      "a NUL in a name, which PostgreSQL text cannot hold",
      "serviceName=a%00b",
      "serviceName: must not contain a NUL",
    ],
    ["a NUL in the annotation query", "annotationQuery=error%00", "annotationQuery: must not contain a NUL"],
    ["a name given twice", "spanName=a&spanName=b", "spanName: expected once, given 2 times"],
    ["an endTs given twice", "endTs=1&endTs=2", "endTs: expected once, given 2 times"],
    [
      "an over-long remote service",
      `remoteServiceName=${"x".repeat(5000)}`,
      "remoteServiceName: expected at most 4096 characters",
    ],
    [
      "a duration past 2^53 µs",
      "minDuration=100000000000000000000000",
      'minDuration: expected an integer, got "1000',
    ],
  ])("refuses %s", (_name, search, message) => {
    expect(() => parse(search)).toThrow(message);
  });

  it("refuses with a 400", () => {
    expect(() => parse("limit=0")).toThrow(expect.objectContaining({ status: 400 }));
  });
});

describe("parseZipkinTraceIds", () => {
  const parseIds = (search: string) => parseZipkinTraceIds(new URLSearchParams(search));

  it.each([
    [
      "64- and 128-bit ids, in order",
      "traceIds=463ac35c9f6413ad,463ac35c9f6413ad48485a3953bb6124",
      ["463ac35c9f6413ad", "463ac35c9f6413ad48485a3953bb6124"],
    ],
    ["short ids padded, upper case lowered", "traceIds=1,ABC", ["0000000000000001", "0000000000000abc"]],
    [
      "a 128-bit id with zero high bits is its 64-bit id",
      "traceIds=0000000000000000463ac35c9f6413ad,2",
      ["463ac35c9f6413ad", "0000000000000002"],
    ],
    ["spaces after commas trimmed", "traceIds=1, 2", ["0000000000000001", "0000000000000002"]],
  ])("reads %s", (_name, search, expected) => {
    expect(parseIds(search)).toEqual(expected);
  });

  it("takes 1000 ids and refuses 1001", () => {
    const ids = (count: number) => Array.from({ length: count }, (_, i) => (i + 1).toString(16)).join(",");
    expect(parseIds(`traceIds=${ids(1000)}`)).toHaveLength(1000);
    expect(() => parseIds(`traceIds=${ids(1001)}`)).toThrow("traceIds: at most 1000 ids, got 1001");
  });

  it.each([
    ["no traceIds", "", "traceIds is required"],
    ["an empty list", "traceIds=", "traceIds parameter is empty"],
    [
      "one id, which has its own endpoint",
      "traceIds=1",
      "Use /api/v2/trace/{traceId} endpoint to retrieve a single trace",
    ],
    ["an id twice", "traceIds=1,2,1", "redundant traceId: 1"],
    ["an id twice once normalised", "traceIds=1,0000000000000001", "redundant traceId: 0000000000000001"],
    ["an id that is not hex", "traceIds=1,xyz", 'traceIds: "xyz" is not hex'],
    ["an empty id", "traceIds=1,,2", 'traceIds: "" is empty'],
    ["an id longer than 128 bits", `traceIds=1,${"a".repeat(33)}`, "has more than 32 hex digits"],
    ["an all-zero id", "traceIds=1,0", 'traceIds: "0" is all zeros'],
    ["traceIds given twice", "traceIds=1,2&traceIds=3,4", "traceIds: expected once, given 2 times"],
    ["a NUL in the list", "traceIds=1,2%00", "traceIds: must not contain a NUL"],
    [
      "a list longer than 1000 ids could be",
      `traceIds=${"a".repeat(33_001)}`,
      "traceIds: expected at most 33000 characters",
    ],
  ])("refuses %s", (_name, search, message) => {
    expect(() => parseIds(search)).toThrow(message);
  });
});

describe("parseZipkinDependenciesQuery", () => {
  const parseDependencies = (search: string) =>
    parseZipkinDependenciesQuery(new URLSearchParams(search), LIMITS);
  const endUs = NOW_MS * 1000;

  it.each([
    ["a day back by default", `endTs=${NOW_MS}`, endUs - DAY_MS * 1000],
    ["the lookback given", `endTs=${NOW_MS}&lookback=3600000`, endUs - 3_600_000_000],
    [
      "a lookback wider than the cap, narrowed",
      `endTs=${NOW_MS}&lookback=${30 * DAY_MS}`,
      endUs - LIMITS.maxWindowUs,
    ],
  ])("reads %s", (_name, search, startUs) => {
    expect(parseDependencies(search)).toEqual({ startUs, endUs });
  });

  it.each([
    ["no endTs", "lookback=3600000", "endTs is required"],
    ["endTs zero", "endTs=0", "endTs <= 0"],
    ["lookback negative", `endTs=${NOW_MS}&lookback=-1`, "lookback <= 0"],
    ["endTs that is no integer", "endTs=now", 'endTs: expected an integer, got "now"'],
  ])("refuses %s", (_name, search, message) => {
    expect(() => parseDependencies(search)).toThrow(message);
  });
});

describe("parseZipkinServiceName", () => {
  it("lower-cases the service, as Zipkin's stores look it up", () => {
    expect(parseZipkinServiceName(new URLSearchParams("serviceName=FrontEnd"))).toBe("frontend");
  });

  it.each(["", "serviceName="])("refuses %j: the service is required", (search) => {
    expect(() => parseZipkinServiceName(new URLSearchParams(search))).toThrow("serviceName is required");
  });

  it.each([
    ["a NUL", "serviceName=a%00", "serviceName: must not contain a NUL"],
    ["given twice", "serviceName=a&serviceName=a", "serviceName: expected once, given 2 times"],
  ])("refuses a service %s", (_name, search, message) => {
    expect(() => parseZipkinServiceName(new URLSearchParams(search))).toThrow(message);
  });
});
