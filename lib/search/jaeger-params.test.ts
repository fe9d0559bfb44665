import { describe, expect, it } from "vitest";
import { readFixture } from "../../test/fixtures";
import { DAY_US, HOUR_US } from "../time/hours";
import {
  parseJaegerDependenciesQuery,
  parseJaegerOperationsQuery,
  parseJaegerRaw,
  parseJaegerServicePath,
  parseJaegerTraceIds,
  parseJaegerTracesQuery,
} from "./jaeger-params";
import type { SearchQuery, TagFilter } from "./query";

const NOW_US = 1_763_800_000_000_000;
const LIMITS = { maxLimit: 1000, maxWindowUs: 7 * DAY_US };

const parse = (search: string) => parseJaegerTracesQuery(new URLSearchParams(search), NOW_US, LIMITS);

describe("parseJaegerTracesQuery", () => {
  it("defaults to jaeger-query's 100 traces over the whole window ending now, names as given", () => {
    expect(parse("service=frontend")).toEqual<SearchQuery>({
      serviceName: "frontend",
      tags: [],
      startUs: NOW_US - LIMITS.maxWindowUs,
      endUs: NOW_US,
      limit: 100,
    });
  });

  it("reads every parameter, as Jaeger UI sends them", () => {
    const search =
      "service=Frontend&operation=HTTP+GET+%2Fdispatch&start=1763796400000000&end=1763800000000000&limit=20" +
      "&lookback=1h&maxDuration=2s&minDuration=1.5ms&tags=%7B%22http.status_code%22%3A%22500%22%7D";
    expect(parse(search)).toEqual<SearchQuery>({
      serviceName: "Frontend",
      spanName: "HTTP GET /dispatch",
      tags: [{ key: "http.status_code", value: "500" }],
      minDurationUs: 1500,
      maxDurationUs: 2_000_000,
      startUs: 1_763_796_400_000_000,
      endUs: 1_763_800_000_000_000,
      limit: 20,
    });
  });

  it.each([
    [
      "start given: lookback ignored, as jaeger-query does",
      `start=${NOW_US - HOUR_US}&lookback=2d`,
      NOW_US - HOUR_US,
    ],
    ["start given: a bad lookback ignored too", `start=${NOW_US - HOUR_US}&lookback=soon`, NOW_US - HOUR_US],
    ["no start: lookback in hours", "lookback=1h", NOW_US - HOUR_US],
    ["no start: lookback in days, as Jaeger UI offers", "lookback=2d", NOW_US - 2 * DAY_US],
    [
      "no start: custom, the UI's hand-picked range, means the whole window",
      "lookback=custom",
      NOW_US - 7 * DAY_US,
    ],
    [
      "a start wider than the cap, narrowed to the recent part",
      `start=${NOW_US - 30 * DAY_US}`,
      NOW_US - 7 * DAY_US,
    ],
    ["a lookback wider than the cap, narrowed", "lookback=30d", NOW_US - 7 * DAY_US],
    ["start equal to end", `start=${NOW_US}&end=${NOW_US}`, NOW_US],
  ])("window: %s", (_name, search, startUs) => {
    expect(parse(`service=api&${search}`).startUs).toBe(startUs);
  });

  it("ends the window at end, with start from its lookback", () => {
    expect(parse(`service=api&end=${NOW_US - DAY_US}&lookback=1h`)).toMatchObject({
      startUs: NOW_US - DAY_US - HOUR_US,
      endUs: NOW_US - DAY_US,
    });
  });

  it.each([
    ["fractional milliseconds", "1.5ms", 1_500],
    ["microseconds", "500us", 500],
    ["the micro sign", "500µs", 500],
    ["nanoseconds, rounded to the nearest microsecond", "4500ns", 5],
    ["a compound duration", "1h30m", 90 * 60_000_000],
    ["zero written as Go writes it: no bound", "0", undefined],
    ["zero with a unit: no bound", "0s", undefined],
  ])("reads a duration in %s", (_name, text, expected) => {
    const query = parse(
      `service=api&minDuration=${encodeURIComponent(text)}&maxDuration=${encodeURIComponent(text)}`,
    );
    expect([query.minDurationUs, query.maxDurationUs]).toEqual([expected, expected]);
  });

  it.each<[string, string, TagFilter[]]>([
    ["tag=key:value", "tag=http.status_code:500", [{ key: "http.status_code", value: "500" }]],
    [
      "a tag value holding colons",
      "tag=http.url:http://cart:8080/a",
      [{ key: "http.url", value: "http://cart:8080/a" }],
    ],
    ["an empty tag value, matched exactly", "tag=db.statement:", [{ key: "db.statement", value: "" }]],
    [
      "repeated tag parameters",
      "tag=a:1&tag=b:2",
      [
        { key: "a", value: "1" },
        { key: "b", value: "2" },
      ],
    ],
    ["the last of two tags with one key", "tag=a:1&tag=a:2", [{ key: "a", value: "2" }]],
    [
      "tags JSON, as Jaeger UI sends",
      `tags=${encodeURIComponent('{"http.method":"GET","error":"true"}')}`,
      [
        { key: "http.method", value: "GET" },
        { key: "error", value: "true" },
      ],
    ],
    [
      "both forms, JSON applied last",
      `tag=a:1&tag=b:2&tags=${encodeURIComponent('{"a":"json"}')}`,
      [
        { key: "a", value: "json" },
        { key: "b", value: "2" },
      ],
    ],
    [
      "repeated tags parameters",
      `tags=${encodeURIComponent('{"a":"1"}')}&tags=${encodeURIComponent('{"b":"2"}')}`,
      [
        { key: "a", value: "1" },
        { key: "b", value: "2" },
      ],
    ],
    [
      "error=true kept a tag filter, as Jaeger matches it",
      "tag=error:true",
      [{ key: "error", value: "true" }],
    ],
    ["JSON null: no tags, as Go reads it", "tags=null", []],
    ["empty parameters: none", "tag=&tags=", []],
  ])("reads %s", (_name, search, tags) => {
    const query = parse(`service=api&${search}`);
    expect(query.tags).toEqual(tags);
    expect(query.error).toBeUndefined();
  });

  it("reads the tags of real Jaeger spans in both forms", { tags: ["corpus"] }, () => {
    const trace = readFixture("stalk/jaeger-hotrod.json") as {
      data: { spans: { tags: { key: string; value: unknown }[] }[] }[];
    };
    const spans = trace.data[0]?.spans ?? [];
    expect(spans).toHaveLength(51);
    for (const span of spans) {
      // Jaeger UI writes every value as text, whatever its type in the span.
      const tags = span.tags.map(({ key, value }) => ({ key, value: String(value) }));
      const expected = [...new Map(tags.map((tag) => [tag.key, tag.value]))].map(([key, value]) => ({
        key,
        value,
      }));
      const json = JSON.stringify(Object.fromEntries(tags.map((tag) => [tag.key, tag.value])));
      const simple = tags.map((tag) => `tag=${encodeURIComponent(`${tag.key}:${tag.value}`)}`).join("&");
      expect(parse(`service=api&tags=${encodeURIComponent(json)}`).tags).toEqual(expected);
      expect(parse(`service=api&${simple}`).tags).toEqual(expected);
    }
  });

  it("clamps a limit above the cap", () => {
    expect(parse("service=api&limit=5000").limit).toBe(1000);
  });

  it.each([
    ["no service", "", "parameter 'service' is required"],
    ["an empty service", "service=", "parameter 'service' is required"],
    ["limit zero", "service=a&limit=0", "invalid parameter: limit must be greater than 0"],
    ["limit negative", "service=a&limit=-3", "invalid parameter: limit must be greater than 0"],
    [
      "a limit that is no integer",
      "service=a&limit=ten",
      `unable to parse param 'limit': expected an integer, got "ten"`,
    ],
    [
      "an end that is no integer",
      "service=a&end=now",
      `unable to parse param 'end': expected an integer, got "now"`,
    ],
    [
      "a start in milliseconds with a fraction",
      "service=a&start=1.5",
      `unable to parse param 'start': expected an integer, got "1.5"`,
    ],
    [
      "start after end",
      `service=a&start=${NOW_US}&end=${NOW_US - 1}`,
      "invalid parameter: start time must be before end time",
    ],
    [
      "maxDuration below minDuration",
      "service=a&minDuration=2s&maxDuration=1s",
      "'maxDuration' should be greater than 'minDuration'",
    ],
    [
      "a duration that is no duration",
      "service=a&minDuration=fast",
      `unable to parse param 'minDuration': invalid duration "fast"; expected a Go duration such as 1.5ms, 500us or 2h`,
    ],
    [
      "a duration without a unit",
      "service=a&maxDuration=500",
      `unable to parse param 'maxDuration': invalid duration "500"`,
    ],
    [
      "a negative duration",
      "service=a&minDuration=-1ms",
      `unable to parse param 'minDuration': invalid duration "-1ms"`,
    ],
    [
      "a lookback that is no duration, without start",
      "service=a&lookback=soon",
      `unable to parse param 'lookback': invalid duration "soon"`,
    ],
    [
      "a tag without a colon",
      "service=a&tag=error",
      `malformed 'tag' parameter, expecting key:value, received: "error"`,
    ],
    [
      "a tag without a key",
      "service=a&tag=:true",
      `malformed 'tag' parameter, expecting key:value, received: ":true"`,
    ],
    ["tags that are no JSON", "service=a&tags={error", "malformed 'tags' parameter, cannot unmarshal JSON: "],
    [
      "tags that are an array",
      "service=a&tags=[]",
      "malformed 'tags' parameter, cannot unmarshal JSON: expected an object of string values, got array",
    ],
    [
      "a tag value that is a number",
      `service=a&tags=${encodeURIComponent('{"http.status_code":500}')}`,
      `malformed 'tags' parameter, cannot unmarshal JSON: the value of "http.status_code" is number, expected a string`,
    ],
    [
      "a tags key that is empty",
      `service=a&tags=${encodeURIComponent('{"":"x"}')}`,
      "malformed 'tags' parameter, cannot unmarshal JSON: a tag key is empty",
    ],
    [
      "a NUL in the service, which PostgreSQL text cannot hold",
      "service=a%00b",
      "unable to parse param 'service': must not contain a NUL character (U+0000)",
    ],
    ["a NUL in a tag", "service=a&tag=k:v%00", "unable to parse param 'tag': must not contain a NUL"],
    [
      "a NUL escaped in the tags' JSON",
      `service=a&tags=${encodeURIComponent('{"k":"a\\u0000b"}')}`,
      `malformed 'tags' parameter, cannot unmarshal JSON: the tag "k": must not contain a NUL`,
    ],
    [
      "a lone surrogate escaped in a tags key",
      `service=a&tags=${encodeURIComponent('{"\\ud800":"v"}')}`,
      "malformed 'tags' parameter, cannot unmarshal JSON: the tag",
    ],
    [
      "the service given twice",
      "service=a&service=b",
      "unable to parse param 'service': expected once, given 2 times",
    ],
    [
      "an over-long operation",
      `service=a&operation=${"x".repeat(5000)}`,
      "unable to parse param 'operation': expected at most 4096",
    ],
    [
      "a duration past 2^53 µs once in microseconds",
      "service=a&minDuration=100000000000000000000000ms",
      `unable to parse param 'minDuration': invalid duration "100000000000000000000000ms"; expected a Go duration such as 1.5ms, 500us or 2h, of at most 104249d`,
    ],
    [
      "an end past 2^53",
      "service=a&end=99999999999999999999",
      `unable to parse param 'end': expected an integer`,
    ],
  ])("refuses %s", (_name, search, message) => {
    expect(() => parse(search)).toThrow(message);
  });

  it("takes tags with escaped unicode, surrogate pairs included", () => {
    const tags = encodeURIComponent('{"emoji":"\\ud83d\\ude80","café":"\\u00e9"}');
    expect(parse(`service=a&tags=${tags}`).tags).toEqual([
      { key: "emoji", value: "🚀" },
      { key: "café", value: "é" },
    ]);
  });
});

describe("parseJaegerOperationsQuery", () => {
  const parseOperations = (search: string) => parseJaegerOperationsQuery(new URLSearchParams(search));

  it.each([
    ["a service's every kind", "service=api", { service: "api" }],
    ["an empty spanKind, as every kind", "service=api&spanKind=", { service: "api" }],
    ["one kind, as Jaeger writes it", "service=api&spanKind=server", { service: "api", kind: "SERVER" }],
  ])("reads %s", (_name, search, expected) => {
    expect(parseOperations(search)).toEqual(expected);
  });

  it.each([
    ["no service", "spanKind=server", "parameter 'service' is required"],
    ["an unknown kind", "service=api&spanKind=sideways", 'unsupported spanKind "sideways"'],
    ["a NUL in the service", "service=a%00", "unable to parse param 'service': must not contain a NUL"],
    [
      "the kind given twice",
      "service=a&spanKind=server&spanKind=client",
      "unable to parse param 'spanKind': expected once",
    ],
  ])("refuses %s", (_name, search, message) => {
    expect(() => parseOperations(search)).toThrow(message);
  });
});

describe("parseJaegerServicePath", () => {
  it("takes a service name from the path as it is", () => {
    expect(parseJaegerServicePath("a/b c")).toBe("a/b c");
  });

  it("refuses one PostgreSQL text cannot hold", () => {
    expect(() => parseJaegerServicePath("a\0b")).toThrow(
      "unable to parse param 'service': must not contain a NUL",
    );
  });
});

describe("parseJaegerRaw", () => {
  it.each([
    ["absent", "", false],
    ["true", "raw=true", true],
    ["anything else", "raw=yes", false],
  ])("reads raw %s", (_name, search, expected) => {
    expect(parseJaegerRaw(new URLSearchParams(search))).toBe(expected);
  });

  it("refuses raw given twice", () => {
    expect(() => parseJaegerRaw(new URLSearchParams("raw=true&raw=false"))).toThrow("expected once");
  });
});

describe("parseJaegerTraceIds", () => {
  const parseIds = (search: string) => parseJaegerTraceIds(new URLSearchParams(search));

  it.each([
    ["none: a search", "service=api", []],
    [
      "normalised, each once, in order",
      "traceID=ABC&traceID=463ac35c9f6413ad48485a3953bb6124&traceID=0abc",
      ["0000000000000abc", "463ac35c9f6413ad48485a3953bb6124"],
    ],
    ["empty ones skipped", "traceID=&traceID=1", ["0000000000000001"]],
  ])("reads %s", (_name, search, expected) => {
    expect(parseIds(search)).toEqual(expected);
  });

  it.each([
    ["not hex", "traceID=xyz", `cannot parse traceID param: "xyz" is not hex`],
    ["longer than 128 bits", `traceID=${"a".repeat(33)}`, "has more than 32 hex digits"],
  ])("refuses an id %s", (_name, search, message) => {
    expect(() => parseIds(search)).toThrow(message);
  });
});

describe("parseJaegerDependenciesQuery", () => {
  const parseDependencies = (search: string) =>
    parseJaegerDependenciesQuery(new URLSearchParams(search), NOW_US, LIMITS);
  const endTsMs = 1_763_790_000_000;

  it.each([
    ["a day ending now by default", "", { startUs: NOW_US - DAY_US, endUs: NOW_US }],
    [
      "endTs and lookback in milliseconds",
      `endTs=${endTsMs}&lookback=3600000`,
      {
        startUs: endTsMs * 1000 - HOUR_US,
        endUs: endTsMs * 1000,
      },
    ],
    [
      "a lookback wider than the cap, narrowed",
      `lookback=${30 * 86_400_000}`,
      { startUs: NOW_US - 7 * DAY_US, endUs: NOW_US },
    ],
  ])("reads %s", (_name, search, expected) => {
    expect(parseDependencies(search)).toEqual(expected);
  });

  it.each([
    ["a lookback of zero", "lookback=0", "invalid parameter: lookback must be greater than 0"],
    [
      "an endTs that is no integer",
      "endTs=now",
      `unable to parse param 'endTs': expected an integer, got "now"`,
    ],
    [
      "a lookback as a Go duration: it is milliseconds here",
      "lookback=1h",
      `unable to parse param 'lookback': expected an integer, got "1h"`,
    ],
  ])("refuses %s", (_name, search, message) => {
    expect(() => parseDependencies(search)).toThrow(message);
  });
});
