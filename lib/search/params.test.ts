import { describe, expect, it } from "vitest";
import { readConfig } from "../config";
import { DAY_US } from "../time/hours";
import {
  capWindow,
  checkText,
  clampLimit,
  MAX_PARAM_CHARS,
  optionalParam,
  type ParamMessage,
  parseInteger,
  readInteger,
  requireParam,
  searchLimits,
  singleParam,
} from "./params";

const LIMITS = { maxLimit: 1000, maxWindowUs: 7 * DAY_US };
const message: ParamMessage = (name, problem) => `${name}: ${problem}`;

describe("parseInteger", () => {
  it.each([
    ["a plain integer", "42", 42],
    ["a plus sign, as Java and Go accept", "+42", 42],
    ["a minus sign", "-7", -7],
    ["leading zeros", "007", 7],
    ["zero", "0", 0],
    ["the largest exact integer", "9007199254740991", Number.MAX_SAFE_INTEGER],
  ])("reads %s", (_name, text, expected) => {
    expect(parseInteger(text)).toBe(expected);
  });

  it.each([
    ["empty", ""],
    ["an exponent", "1e3"],
    ["a fraction", "4.0"],
    ["surrounding space", " 5"],
    ["hex", "0x10"],
    ["a word", "ten"],
    ["a sign alone", "-"],
    ["beyond 2^53, where a number stops being exact", "9007199254740993"],
  ])("refuses %s", (_name, text) => {
    expect(parseInteger(text)).toBeUndefined();
  });
});

describe("checkText", () => {
  it.each([
    ["plain text", "checkout"],
    ["text with a surrogate pair", "café ☕ 🚀"],
    ["the longest text taken", "x".repeat(MAX_PARAM_CHARS)],
    ["empty text", ""],
  ])("takes %s", (_name, text) => {
    expect(checkText("service", text)).toBe(text);
  });

  it.each([
    [
      "a NUL, which PostgreSQL text cannot hold",
      "a\0b",
      "service: must not contain a NUL character (U+0000)",
    ],
    ["a lone high surrogate", "a\ud800b", "service: must be well-formed Unicode, without lone surrogates"],
    ["a lone low surrogate", "\udc00", "service: must be well-formed Unicode, without lone surrogates"],
    [
      "text past MAX_PARAM_CHARS",
      "x".repeat(MAX_PARAM_CHARS + 1),
      `service: expected at most ${MAX_PARAM_CHARS} characters, got ${MAX_PARAM_CHARS + 1}`,
    ],
  ])("refuses %s, naming the parameter", (_name, text, expected) => {
    expect(() => checkText("service", text)).toThrow(expected);
  });

  it("words a refusal as the API does and takes a longer cap where one is due", () => {
    const jaeger: ParamMessage = (name, problem) => `unable to parse param '${name}': ${problem}`;
    expect(() => checkText("tag", "\0", jaeger)).toThrow("unable to parse param 'tag': must not contain");
    expect(checkText("traceIds", "x".repeat(10_000), message, 10_000)).toHaveLength(10_000);
  });
});

describe("singleParam and optionalParam", () => {
  it.each([
    ["absent", "", null, undefined],
    ["empty: absent to optionalParam", "service=", "", undefined],
    ["present", "service=checkout", "checkout", "checkout"],
  ])("read a parameter %s", (_name, search, single, optional) => {
    const params = new URLSearchParams(search);
    expect(singleParam(params, "service")).toBe(single);
    expect(optionalParam(params, "service")).toBe(optional);
  });

  it.each([
    ["given twice", "service=a&service=b", "service: expected once, given 2 times"],
    ["given twice, once empty", "service=&service=b", "service: expected once, given 2 times"],
    ["holding a NUL", "service=a%00b", "service: must not contain a NUL character"],
    ["past MAX_PARAM_CHARS", `service=${"x".repeat(MAX_PARAM_CHARS + 1)}`, "service: expected at most"],
  ])("refuse a parameter %s", (_name, search, expected) => {
    expect(() => singleParam(new URLSearchParams(search), "service")).toThrow(expected);
    expect(() => optionalParam(new URLSearchParams(search), "service")).toThrow(expected);
  });
});

describe("readInteger", () => {
  it.each([
    ["absent", "", undefined],
    ["empty, as absent", "limit=", undefined],
    ["present", "limit=25", 25],
  ])("%s", (_name, search, expected) => {
    expect(readInteger(new URLSearchParams(search), "limit", message)).toBe(expected);
  });

  it.each([
    ["not an integer, in the API's words", "limit=ten", 1e9, 'limit: expected an integer, got "ten"'],
    ["above the range", "limit=1001", 1000, 'limit: "1001" is out of range'],
    ["below the range", "limit=-1001", 1000, 'limit: "-1001" is out of range'],
    ["given twice", "limit=1&limit=2", 1e9, "limit: expected once, given 2 times"],
    [
      "a long value, cut short in the message",
      `limit=${"9".repeat(60)}`,
      1e9,
      `limit: expected an integer, got "${"9".repeat(40)}…"`,
    ],
  ])("refuses a value %s", (_name, search, max, expected) => {
    expect(() => readInteger(new URLSearchParams(search), "limit", message, max)).toThrow(expected);
  });
});

describe("requireParam", () => {
  it("returns the value", () => {
    expect(requireParam(new URLSearchParams("key=http.method"), "key")).toBe("http.method");
  });

  it.each([
    ["absent", ""],
    ["empty", "key="],
  ])("refuses a parameter %s, naming it", (_name, search) => {
    expect(() => requireParam(new URLSearchParams(search), "key")).toThrow("key is required");
  });
});

describe("clampLimit", () => {
  it.each([
    ["below the cap", 20, 20],
    ["at the cap", 1000, 1000],
    ["above the cap, clamped", 5000, 1000],
  ])("keeps a limit %s", (_name, limit, expected) => {
    expect(clampLimit(limit, LIMITS)).toBe(expected);
  });
});

describe("capWindow", () => {
  const endUs = 100 * DAY_US;
  it.each([
    ["a window within the cap is kept", endUs - DAY_US, endUs - DAY_US],
    ["a window of exactly the cap is kept", endUs - 7 * DAY_US, endUs - 7 * DAY_US],
    ["a wider window keeps its most recent part", endUs - 30 * DAY_US, endUs - 7 * DAY_US],
    ["all time becomes the cap", 0, endUs - 7 * DAY_US],
  ])("%s", (_name, startUs, expectedStartUs) => {
    expect(capWindow(startUs, endUs, LIMITS)).toEqual({ startUs: expectedStartUs, endUs });
  });
});

describe("searchLimits and the query settings", () => {
  it("defaults to 1000 traces over 7 days, searched for at most 10 s", () => {
    const config = readConfig({});
    expect(searchLimits(config)).toEqual({ maxLimit: 1000, maxWindowUs: 7 * DAY_US });
    expect(config.TRACELIGHT_QUERY_TIMEOUT).toBe(10_000_000);
  });

  it("reads the configured caps, durations as Go durations or days", () => {
    const config = readConfig({
      TRACELIGHT_QUERY_MAX_LIMIT: "50",
      TRACELIGHT_QUERY_MAX_WINDOW: "48h",
      TRACELIGHT_QUERY_TIMEOUT: "2.5s",
    });
    expect(searchLimits(config)).toEqual({ maxLimit: 50, maxWindowUs: 2 * DAY_US });
    expect(config.TRACELIGHT_QUERY_TIMEOUT).toBe(2_500_000);
  });

  it("reads the autocomplete keys as a comma-separated list, HTTP and RPC keys by default", () => {
    expect(readConfig({}).TRACELIGHT_AUTOCOMPLETE_KEYS).toContain("http.route");
    expect(
      readConfig({ TRACELIGHT_AUTOCOMPLETE_KEYS: " env, region,,env " }).TRACELIGHT_AUTOCOMPLETE_KEYS,
    ).toEqual(["env", "region"]);
    expect(readConfig({ TRACELIGHT_AUTOCOMPLETE_KEYS: "none" }).TRACELIGHT_AUTOCOMPLETE_KEYS).toEqual([]);
  });

  it.each([
    ["a limit of zero", { TRACELIGHT_QUERY_MAX_LIMIT: "0" }, "TRACELIGHT_QUERY_MAX_LIMIT"],
    ["a window without a unit", { TRACELIGHT_QUERY_MAX_WINDOW: "7" }, "TRACELIGHT_QUERY_MAX_WINDOW"],
    ["a timeout that is no duration", { TRACELIGHT_QUERY_TIMEOUT: "soon" }, "TRACELIGHT_QUERY_TIMEOUT"],
  ])("refuses %s at start, naming the variable", (_name, env, variable) => {
    expect(() => readConfig(env)).toThrow(variable);
  });
});
