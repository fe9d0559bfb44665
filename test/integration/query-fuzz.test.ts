import { connect } from "node:net";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Collector } from "../../lib/collector/collector";
import { readConfig } from "../../lib/config";
import { apiRoutes } from "../../lib/http/routes";
import { SAMPLE_EVERYTHING } from "../../lib/sampling/strategies";
import { baseUrl, postSpans, uniqueTraceId } from "./helpers";

/**
 * Through the real server, on every GET route of the route tables (a new route is fuzzed as soon as
 * it is in one): whatever the query and path parameters, the answer is a 2xx or a 4xx, never a 5xx,
 * and a 4xx says why in its API's shape. Values are drawn from what has broken parsers before (NUL,
 * numbers past 2^53 and bigint, exponents, "$1", broken percent-encoding, lone surrogates, dates in
 * every form, very long values, repeated keys) mixed with valid ones, so that valid searches reach
 * the database too. The ingest routes take POST or PUT and are fuzzed by ingest-fuzz.test.ts.
 */
// The server's own table; the GET routes never reach the collector, which is left out.
const GET_ROUTES = apiRoutes({} as Collector, readConfig({}), SAMPLE_EVERYTHING).filter(
  (route) => route.method === "GET",
);

const SERVICE = `fuzz-${uniqueTraceId().slice(-8)}`;
const TRACE_ID = uniqueTraceId();
const NOW_MS = Date.now();

/** Every parameter name the query APIs read, and a few they do not. */
const NAMES = [
  ...["service", "operation", "tags", "status", "http", "minDuration", "maxDuration", "durationOf"],
  ...["lookback", "start", "end", "limit", "sort", "skew", "raw", "traceID", "tag", "spanKind"],
  ...["serviceName", "remoteServiceName", "spanName", "annotationQuery", "endTs", "traceIds", "key"],
  ...["slowerThan", "errors"],
  ...[
    "q",
    "spss",
    "scope",
    "query.serviceName",
    "query.startTimeMin",
    "query.startTimeMax",
    "query.attributes",
  ],
  ...["unknown", "", "%00", "a%zz"],
];

/** Query-string text, as a client would put it there (lone surrogates as their 3 UTF-8-like bytes). */
function percentEncode(text: string): string {
  let encoded = "";
  for (const char of text) {
    const unit = char.charCodeAt(0);
    encoded +=
      char.length === 1 && unit >= 0xd800 && unit <= 0xdfff
        ? [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
            .map((byte) => `%${byte.toString(16).toUpperCase()}`)
            .join("")
        : encodeURIComponent(char);
  }
  return encoded;
}

/** Raw query-string values, sent as they are. */
const RAW_NASTY = [
  ...["%00", "a%00b", "%", "%%", "%zz", "%2", "%ED%A0%80", "%ED%B0%80", "%FF", "%C0%AF", "%F0%80%80%80"],
  ...["%241", "$1", "", "+", "%2B", "%26", "%3D", "=", "a=b=c", "%EF%BF%BF", "%F4%90%80%80"],
];
const NUMBERS = [
  ...["99999999999999999999", "-99999999999999999999", "100000000000000000000000", "1e308", "1e3"],
  ...["-0", "0", "-1", "9007199254740991", "9007199254740992", "9007199254741", "4.5", "0x10"],
  ...["Infinity", "NaN", "9223372036854775807", "9223372036854775808", "-9223372036854775809"],
];
const UNITS = ["", "ms", "us", "µs", "ns", "s", "m", "h", "d", "y"];
const DATES = [
  ...["2026-11-29", "2026-02-30", "2026-11-29T10:00:00Z", "2026-11-29 10:00", "0000-01-01"],
  ...["9999-12-31T23:59:59Z", "+275760-09-13T00:00:00.000Z", "-271821-04-20T00:00:00Z", "now"],
  ...["Tue, 01 Jan 2030 00:00:00 GMT", "1/1/2030", "2026-11-29T10:00:00.123456789+05:30", "T10:00"],
];
const VALID = [
  ...[SERVICE, "1h", "500ms", "2s", "7d", "custom", "20", "1000", "recent", "longest", "error", "ok"],
  ...["5xx", "409", "span", "trace", "server", "true", "off", TRACE_ID, `${TRACE_ID},1`, "http.method"],
  ...["http.method:GET", '{"http.method":"GET"}', "error and http.method=GET", "all", String(NOW_MS)],
  ...[String(NOW_MS * 1000), String(NOW_MS - 3_600_000), new Date(NOW_MS - 60_000).toISOString()],
];
const NASTY_JSON = [
  '{"k":"\\u0000"}',
  '{"\\ud800":"v"}',
  '{"k":1}',
  "[]",
  "null",
  `${"[".repeat(1000)}${"]".repeat(1000)}`,
];

const text = fc.string({ unit: "binary", maxLength: 40 });
// Valid values, alone or spoilt, weigh about half, so that requests get past the parsers.
const values = fc.oneof(
  { arbitrary: fc.constantFrom(...VALID).map(percentEncode), weight: 4 },
  { arbitrary: fc.constantFrom(...VALID).map((value) => `${percentEncode(value)}%00`), weight: 2 },
  fc.constantFrom(...RAW_NASTY),
  fc.constantFrom(...DATES, ...NASTY_JSON).map(percentEncode),
  fc
    .tuple(fc.oneof(fc.constantFrom(...NUMBERS), fc.bigInt().map(String)), fc.constantFrom(...UNITS))
    .map(([number, unit]) => percentEncode(number + unit)),
  fc
    .date({ noInvalidDate: true })
    .chain((date) =>
      fc
        .constantFrom(date.toISOString(), date.toUTCString(), String(date.getTime()), date.toString())
        .map(percentEncode),
    ),
  text.map(percentEncode),
  fc.json({ maxDepth: 3 }).map(percentEncode),
  fc.integer({ min: 4000, max: 4200 }).map((length) => "9".repeat(length)),
  fc.string({ minLength: 1000, maxLength: 4200 }).map(percentEncode),
);

/**
 * Each route's parameters with valid values (a route not listed here is fuzzed all the same, with
 * NAMES): fuzzed queries mostly start from these and change some, so that every parameter's
 * checks are reached, including those behind a required one.
 */
const VALID_PARAMS: Record<string, Record<string, string>> = {
  "/api/search": {
    ...{ service: SERVICE, operation: "get /cart", tags: "http.method=GET", status: "ok", http: "2xx" },
    ...{ minDuration: "1ms", maxDuration: "1s", durationOf: "span", lookback: "2h", limit: "20" },
    ...{ start: String(NOW_MS - 3_600_000), end: String(NOW_MS), sort: "longest" },
  },
  "/api/attribute-diff": {
    ...{
      service: SERVICE,
      operation: "get /cart",
      tags: "http.method=GET",
      slowerThan: "500ms",
      scope: "span",
    },
    ...{ lookback: "2h", end: String(NOW_MS), status: "ok" },
  },
  "/api/graph": { lookback: "1h", start: String(NOW_MS - 3_600_000), end: String(NOW_MS) },
  "/api/services/metrics": {
    ...{ service: SERVICE, lookback: "1h", end: String(NOW_MS) },
    ...{ step: "5m", sort: "p95", order: "asc", limit: "20", offset: "0" },
  },
  "/api/services/paths": { service: SERVICE, operation: "get /cart", lookback: "1h", limit: "20" },
  ...Object.fromEntries(
    ["calls", "errors", "latencies"].map((metric) => [
      `/api/metrics/${metric}`,
      {
        ...{ service: SERVICE, endTs: String(NOW_MS), lookback: "3600000", step: "60000" },
        ...{ ratePer: "600000", spanKind: "server", groupByOperation: "true", quantile: "0.95" },
      },
    ]),
  ),
  "/api/traces/:traceId/analysis": { skew: "off" },
  "/api/traces": {
    ...{ service: SERVICE, operation: "get /cart", tags: '{"http.method":"GET"}', tag: "http.method:GET" },
    ...{ start: String((NOW_MS - 3_600_000) * 1000), end: String(NOW_MS * 1000), lookback: "1h" },
    ...{ limit: "20", minDuration: "1ms", maxDuration: "1s", raw: "true" },
  },
  "/api/traces/:traceId": { raw: "true" },
  "/api/operations": { service: SERVICE, spanKind: "server" },
  "/api/dependencies": { endTs: String(NOW_MS), lookback: "3600000" },
  "/api/v2/traces": {
    ...{ serviceName: SERVICE, spanName: "get /cart", remoteServiceName: "db", limit: "10" },
    ...{ annotationQuery: "http.method=GET", minDuration: "1000", maxDuration: "2000" },
    ...{ endTs: String(NOW_MS), lookback: "3600000" },
  },
  "/api/v2/remoteServices": { serviceName: SERVICE },
  "/api/v2/spans": { serviceName: SERVICE },
  "/api/v2/traceMany": { traceIds: `${TRACE_ID},1` },
  "/api/v2/dependencies": { endTs: String(NOW_MS), lookback: "3600000" },
  "/api/v2/autocompleteValues": { key: "http.method" },
  "/api/sampling": { service: SERVICE },
};

/** Under Node's 16 KB limit on a request's head, past which Node itself answers 431 without a word. */
const MAX_QUERY_CHARS = 12_000;

/**
 * A query: three times in four the route's valid one with one to three parameters changed or added,
 * else those alone; half the time with one of them repeated.
 */
function queries(path: string) {
  const valid = Object.entries(VALID_PARAMS[path] ?? {}).map(
    ([name, value]) => [name, percentEncode(value)] as const,
  );
  const names = fc.oneof(
    ...(valid.length > 0 ? [{ arbitrary: fc.constantFrom(...valid.map(([name]) => name)), weight: 4 }] : []),
    fc.constantFrom(...NAMES),
    text.map(percentEncode),
  );
  const changes = fc.array(fc.tuple(names, values), { minLength: 1, maxLength: 3 });
  return fc
    .tuple(changes, fc.nat(3), fc.boolean())
    .map(([pairs, quarter, repeat]) => {
      const query = new Map(quarter > 0 ? valid : []);
      for (const [name, value] of pairs) query.set(name, value);
      const all = [...query];
      if (repeat && pairs[0]) all.push(pairs[0]);
      return all.map(([name, value]) => `${name}=${value}`).join("&");
    })
    .filter((query) => query.length <= MAX_QUERY_CHARS);
}

/** A path segment: anything but "." and "..", which the URL itself resolves away. */
const pathValues = fc
  .oneof(
    fc.constantFrom("%00", "a%00b", "%", "%zz", "%ED%A0%80", "%FF", "%2F", "%241"),
    {
      arbitrary: fc.constantFrom(SERVICE, TRACE_ID, TRACE_ID.slice(16), "0", "f".repeat(33)),
      weight: 4,
    },
    fc.constantFrom(...NUMBERS, ...DATES).map(percentEncode),
    text.filter((value) => value !== "" && value !== "." && value !== "..").map(percentEncode),
    fc.integer({ min: 4000, max: 5000 }).map((length) => "a".repeat(length)),
  )
  .filter((value) => !/^(\.|%2e)+$/i.test(value));

/**
 * The refusal's message in its API's shape: Jaeger's envelope (`errors[0].msg`), Jaeger v3's
 * `{ error: { message } }`, Tracelight's and Zipkin's `{ error }`, or Tempo's plain text.
 */
function refusalMessage(body: string): unknown {
  let json: { error?: unknown; errors?: { msg?: unknown }[] };
  try {
    json = JSON.parse(body);
  } catch {
    return body;
  }
  if (typeof json.error === "object" && json.error !== null)
    return (json.error as { message?: unknown }).message;
  return json.errors?.[0]?.msg ?? json.error;
}

beforeAll(async () => {
  const span = {
    traceId: TRACE_ID,
    id: "00000000000000a1",
    name: "get /cart",
    kind: "SERVER",
    timestamp: (NOW_MS - 60_000) * 1000,
    duration: 1500,
    localEndpoint: { serviceName: SERVICE },
    tags: { "http.method": "GET" },
  };
  expect((await postSpans([span])).status).toBe(202);
});

describe.each(GET_ROUTES.map((route) => route.path))("GET %s on arbitrary parameters", (path) => {
  it("answers 2xx or 4xx, and a 4xx says why in its API's shape", async () => {
    const names = path.split("/").filter((segment) => segment.startsWith(":"));
    await fc.assert(
      fc.asyncProperty(
        fc.array(pathValues, { minLength: names.length, maxLength: names.length }),
        queries(path),
        async (params, query) => {
          let target = path;
          for (const [i, name] of names.entries()) target = target.replace(name, () => params[i] as string);
          const response = await fetch(`${baseUrl()}${target}?${query}`);
          const body = await response.text();
          const context = `${target}?${query.slice(0, 300)} → ${response.status} ${body.slice(0, 300)}`;
          expect(response.status, context).toBeGreaterThanOrEqual(200);
          expect(response.status, context).toBeLessThan(500);
          if (response.status >= 400)
            expect(refusalMessage(body), context).toEqual(expect.stringMatching(/\w/));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("bad query input, as first reported", () => {
  it.each([
    ["a NUL in a name", "/api/search?service=a%00b", "service: must not contain a NUL"],
    [
      "a duration past 2^53 µs",
      "/api/search?minDuration=100000000000000000000000ms",
      "minDuration: expected a duration",
    ],
    ["an end past 2^53 µs", "/api/search?end=99999999999999999999", "end: expected an ISO 8601 time"],
    [
      "'$1' for a time, which Date.parse reads as 2001",
      "/api/search?start=%241",
      "start: expected an ISO 8601 time",
    ],
    ["a NUL in the graph's window", "/api/graph?lookback=1h%00", "lookback: must not contain a NUL"],
    ["a NUL in RED's service", "/api/services/metrics?service=%00", "service: must not contain a NUL"],
    ["a NUL in Zipkin's service", "/api/v2/traces?serviceName=a%00b", "serviceName: must not contain a NUL"],
    [
      "a NUL in Zipkin's span names' service",
      "/api/v2/spans?serviceName=a%00b",
      "serviceName: must not contain",
    ],
    ["a NUL in an autocomplete key", "/api/v2/autocompleteValues?key=a%00b", "key: must not contain a NUL"],
    ["a repeated Zipkin limit", "/api/v2/traces?limit=1&limit=2", "limit: expected once, given 2 times"],
    [
      "broken percent-encoding",
      "/api/search?service=100%",
      'service: expected percent-encoded UTF-8, got "100%"',
    ],
    [
      "a lone surrogate's bytes",
      "/api/search?operation=%ED%A0%80",
      "operation: expected percent-encoded UTF-8",
    ],
  ])("refuses %s with a 400 naming the parameter", async (_name, path, message) => {
    const response = await fetch(`${baseUrl()}${path}`);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toContain(message);
  });

  it.each([
    [
      "a NUL in the service",
      "/api/traces?service=a%00b",
      "unable to parse param 'service': must not contain a NUL",
    ],
    [
      "a NUL in a path's service",
      "/api/services/a%00b/operations",
      "unable to parse param 'service': must not contain a NUL",
    ],
    [
      "a NUL in operations' service",
      "/api/operations?service=a%00b",
      "unable to parse param 'service': must not",
    ],
    [
      "a NUL escaped in the tags' JSON",
      `/api/traces?service=a&tags=${encodeURIComponent('{"k":"\\u0000"}')}`,
      `malformed 'tags' parameter, cannot unmarshal JSON: the tag "k": must not contain a NUL`,
    ],
    [
      "a duration past 2^53 µs",
      "/api/traces?service=a&minDuration=100000000000000000000000ms",
      "unable to parse param 'minDuration': invalid duration",
    ],
    ["an end past 2^53", "/api/traces?service=a&end=99999999999999999999", "unable to parse param 'end'"],
  ])("refuses %s on Jaeger's API in its envelope", async (_name, path, message) => {
    const response = await fetch(`${baseUrl()}${path}`);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.data).toBeNull();
    expect(body.errors[0].code).toBe(400);
    expect(body.errors[0].msg).toContain(message);
  });

  it("answers a request target that is no URL with a 400, and keeps serving", async () => {
    const { hostname, port } = new URL(baseUrl());
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), hostname, () =>
        socket.write(
          "GET http://a:99999/api/search HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\r\n",
        ),
      );
      let received = "";
      socket.on("data", (chunk: Buffer) => {
        received += chunk.toString();
      });
      socket.on("end", () => resolve(received));
      socket.on("error", reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect((await fetch(`${baseUrl()}/api/health`)).status).toBe(200);
  });

  it("refuses a repeated service on the sampling port, as on /api/sampling", async () => {
    const response = await fetch("http://127.0.0.1:5778/sampling?service=a&service=b");
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe("service: expected once, given 2 times");
  });

  it("still answers the peers' valid searches", async () => {
    const zipkin = await fetch(`${baseUrl()}/api/v2/traces?serviceName=${SERVICE}&endTs=${Date.now()}`);
    expect((await zipkin.json()).flat().map((span: { traceId: string }) => span.traceId)).toContain(TRACE_ID);
    const jaeger = await fetch(`${baseUrl()}/api/traces?service=${SERVICE}&lookback=1h&limit=20`);
    expect((await jaeger.json()).data.map((trace: { traceID: string }) => trace.traceID)).toContain(TRACE_ID);
    const start = new Date(NOW_MS - 3_600_000).toISOString();
    const own = await fetch(`${baseUrl()}/api/search?service=${SERVICE}&start=${start}`);
    expect((await own.json()).traces.map((trace: { traceId: string }) => trace.traceId)).toContain(TRACE_ID);
  });
});
