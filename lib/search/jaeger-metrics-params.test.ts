import { describe, expect, it } from "vitest";
import { DAY_US, HOUR_US, MINUTE_US, SECOND_US } from "../time/hours";
import {
  type JaegerMetricsQuery,
  MAX_POINTS,
  MAX_SERVICES,
  parseJaegerMetricsQuery,
  parseJaegerQuantile,
} from "./jaeger-metrics-params";

const NOW_US = 1_763_800_000_123_000;
const MAX_LOOKBACK_US = 7 * DAY_US;

const parse = (search: string) =>
  parseJaegerMetricsQuery(new URLSearchParams(search), NOW_US, MAX_LOOKBACK_US);

/** What Jaeger UI's Monitor tab sends (ServicesView's fetchMetrics, keys sorted by query-string). */
const MONITOR_QUERY =
  "service=frontend&endTs=1763800000000&lookback=3600000&quantile=0.95&ratePer=600000&spanKind=server&step=60000";

describe("parseJaegerMetricsQuery", () => {
  it("reads what Jaeger UI's Monitor tab sends", () => {
    expect(parse(MONITOR_QUERY)).toEqual<JaegerMetricsQuery>({
      services: ["frontend"],
      groupByOperation: false,
      spanKinds: ["SERVER"],
      endUs: 1_763_800_000_000_000,
      lookbackUs: HOUR_US,
      stepUs: MINUTE_US,
      ratePerUs: 10 * MINUTE_US,
    });
    expect(parse(`${MONITOR_QUERY}&groupByOperation=true`).groupByOperation).toBe(true);
  });

  it("defaults as jaeger-query does: now, an hour, 5 s steps, a 10 min rate, server spans", () => {
    expect(parse("service=frontend")).toEqual<JaegerMetricsQuery>({
      services: ["frontend"],
      groupByOperation: false,
      spanKinds: ["SERVER"],
      endUs: NOW_US,
      lookbackUs: HOUR_US,
      stepUs: 5 * SECOND_US,
      ratePerUs: 10 * MINUTE_US,
    });
  });

  it("takes several services and span kinds, each once, in any case; unspecified is stored as internal", () => {
    const query = parse(
      "service=driver&service=frontend&service=driver&spanKind=CLIENT&spanKind=server&spanKind=unspecified&spanKind=internal",
    );
    expect(query.services).toEqual(["driver", "frontend"]);
    expect(query.spanKinds).toEqual(["CLIENT", "SERVER", "INTERNAL"]);
  });

  it.each([
    ["1", true],
    ["t", true],
    ["True", true],
    ["0", false],
    ["F", false],
    ["false", false],
    ["", false],
  ])("reads groupByOperation=%s as Go's ParseBool does", (text, expected) => {
    expect(parse(`service=a&groupByOperation=${text}`).groupByOperation).toBe(expected);
  });

  it("takes the longest lookback and the most points allowed", () => {
    expect(parse(`service=a&lookback=${MAX_LOOKBACK_US / 1000}&step=60000`).lookbackUs).toBe(MAX_LOOKBACK_US);
    expect(parse(`service=a&lookback=${MAX_POINTS * 30_000}&step=30000`).stepUs).toBe(30 * SECOND_US);
    expect(() => parse(`service=a&lookback=${MAX_POINTS * 30_000 + 1}&step=30000`)).toThrow("at most");
  });

  it.each([
    {
      name: "no service",
      search: "lookback=3600000",
      error: "'service': please provide at least one service name",
    },
    { name: "only an empty service", search: "service=", error: "'service': please provide at least one" },
    {
      name: "too many services",
      search: Array.from({ length: MAX_SERVICES + 1 }, (_, i) => `service=s${i}`).join("&"),
      error: `'service': expected at most ${MAX_SERVICES} services`,
    },
    { name: "a NUL in a service", search: "service=a%00b", error: "'service': must not contain a NUL" },
    {
      name: "a groupByOperation no boolean",
      search: "service=a&groupByOperation=yes",
      error: "'groupByOperation': expected a boolean",
    },
    {
      name: "an unknown span kind",
      search: "service=a&spanKind=server&spanKind=span",
      error: "'spanKind': unsupported span kind \"span\"",
    },
    {
      name: "an endTs no integer",
      search: "service=a&endTs=now",
      error: "'endTs': expected an integer, got \"now\"",
    },
    {
      name: "a negative endTs",
      search: "service=a&endTs=-1",
      error: "'endTs': expected epoch milliseconds of 0 or more",
    },
    { name: "an endTs past any date", search: "service=a&endTs=99999999999999999", error: "'endTs'" },
    {
      name: "a zero lookback",
      search: "service=a&lookback=0",
      error: "'lookback': expected milliseconds from 1 to 604800000, got 0",
    },
    {
      name: "a lookback past the window",
      search: "service=a&lookback=604800001&step=3600000",
      error: "'lookback': expected milliseconds from 1",
    },
    {
      name: "a step in seconds as text",
      search: "service=a&step=1m",
      error: "'step': expected an integer, got \"1m\"",
    },
    {
      name: "a negative step",
      search: "service=a&step=-5000",
      error: "'step': expected milliseconds from 1",
    },
    {
      name: "too many points",
      search: "service=a&lookback=86400000&step=1000",
      error: `'step': 1000 ms is too small for a lookback of 86400000 ms: at most ${MAX_POINTS} points`,
    },
    {
      name: "the default step over a week",
      search: "service=a&lookback=604800000",
      error: "'step': 5000 ms is too small",
    },
    {
      name: "a zero ratePer",
      search: "service=a&ratePer=0",
      error: "'ratePer': expected milliseconds from 1",
    },
    {
      name: "a ratePer past the window",
      search: "service=a&ratePer=604800001",
      error: "'ratePer': expected milliseconds from 1",
    },
    {
      name: "a repeated lookback",
      search: "service=a&lookback=1&lookback=2",
      error: "'lookback': expected once, given 2 times",
    },
  ])("refuses $name, naming the parameter in Jaeger's words", ({ search, error }) => {
    expect(() => parse(search)).toThrow(`unable to parse param ${error}`);
  });
});

describe("parseJaegerQuantile", () => {
  it.each([
    ["0.95", 0.95],
    ["0.5", 0.5],
    ["1", 1],
    [".75", 0.75],
    ["9.9e-1", 0.99],
  ])("reads quantile=%s", (text, expected) => {
    expect(parseJaegerQuantile(new URLSearchParams(`quantile=${text}`))).toBe(expected);
  });

  it("refuses a missing quantile", () => {
    expect(() => parseJaegerQuantile(new URLSearchParams("quantile="))).toThrow(
      "unable to parse param 'quantile': required for latencies",
    );
  });

  it.each(["0", "1.5", "-0.5", "NaN", "0x1", "p95"])("refuses quantile=%s", (text) => {
    expect(() => parseJaegerQuantile(new URLSearchParams(`quantile=${text}`))).toThrow(
      `unable to parse param 'quantile': expected a number in (0, 1], such as 0.95, got "${text}"`,
    );
  });
});
