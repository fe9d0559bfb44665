import { describe, expect, it } from "vitest";
import { makeSpan } from "../../../test/spans";
import { RequestError } from "../../errors";
import {
  MAX_ATTRIBUTES,
  MAX_DURATION_US,
  MAX_EVENTS,
  MAX_KEY_LENGTH,
  MAX_LINKS,
  MAX_SERVICE_NAME_LENGTH,
  MAX_SPAN_NAME_LENGTH,
  MAX_TEXT_LENGTH,
  MAX_TIME_US,
  type Span,
  type SpanEvent,
} from "../../model/span";
import { normaliseSpans } from "./normalise";
import { cutText } from "./span-bounds";

const DAY_US = 86_400_000_000;
/** 2026-11-22 10:00 UTC, the server's clock in these cases. */
const NOW_US = 1_795_341_600_000_000;
const bounds = { nowUs: NOW_US, maxClockAheadUs: DAY_US };
const span = (fields: Partial<Span> = {}) =>
  makeSpan({ traceId: "00000000000000000000000000000abc", startUs: NOW_US - 5_000_000, ...fields });
const normalised = (fields: Partial<Span>) => normaliseSpans([span(fields)], bounds)[0] as Span;
const refusal = (fields: Partial<Span>) => {
  try {
    normaliseSpans([span(fields)], bounds);
  } catch (error) {
    if (error instanceof RequestError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
};
const text = (length: number, char = "x") => char.repeat(length);
const event = (timeUs: number, fields: Partial<SpanEvent> = {}): SpanEvent => ({
  timeUs,
  name: "log",
  ...fields,
});

describe("start times", () => {
  it.each([
    ["a negative start", -1, "start time -1 µs is before 1970"],
    ["the probe's 2^53 − 1", Number.MAX_SAFE_INTEGER, "start time 9007199254740991 µs is past 2^52 µs"],
    ["just past 2^52 − 1", MAX_TIME_US + 1, "is past 2^52 µs (the year 2112)"],
    [
      "a start two days ahead of the server's clock",
      NOW_US + 2 * DAY_US,
      "is 48h 0m ahead of the server's clock, more than TRACELIGHT_MAX_CLOCK_AHEAD (24h 0m)",
    ],
    ["no start (NaN)", Number.NaN, "start time is not a number"],
  ])("refuses %s with a 400 naming the span and the field", (_name, startUs, reason) => {
    const error = refusal({ startUs });
    expect(error.status).toBe(400);
    expect(error.message).toContain("span 00000000000000000000000000000abc/00000000000000aa: start time");
    expect(error.message).toContain(reason);
  });

  it.each([
    ["the epoch", 0],
    ["a start exactly the allowed day ahead", NOW_US + DAY_US],
    ["a start a year ago", NOW_US - 365 * DAY_US],
  ])("accepts %s as it is", (_name, startUs) => {
    const input = span({ startUs });
    expect(normaliseSpans([input], bounds)[0]).toBe(input);
  });

  it("accepts a far-ahead start when TRACELIGHT_MAX_CLOCK_AHEAD allows it, up to 2^52 − 1", () => {
    const [out] = normaliseSpans([span({ startUs: MAX_TIME_US })], {
      nowUs: NOW_US,
      maxClockAheadUs: 2 ** 53,
    });
    expect(out?.startUs).toBe(MAX_TIME_US);
  });

  it("rounds a fractional start to a whole µs, silently", () => {
    const out = normalised({ startUs: 1_000.6 });
    expect(out.startUs).toBe(1_001);
    expect(out.warnings).toBeUndefined();
  });

  it("refuses the whole batch for one bad span", () => {
    expect(() => normaliseSpans([span(), span({ startUs: -5 })], bounds)).toThrow(RequestError);
  });
});

describe("durations", () => {
  it.each([
    ["a negative duration", -20, 0, "negative duration -20 µs; set to 0"],
    [
      "the probe's 2^53 − 1",
      Number.MAX_SAFE_INTEGER,
      MAX_DURATION_US,
      "duration 9007199254740991 µs is longer than 365 days; set to 365 days",
    ],
    ["no duration (NaN)", Number.NaN, 0, "no duration; set to 0"],
  ])("clamps %s, with a warning", (_name, durationUs, boundedUs, warning) => {
    expect(normalised({ durationUs })).toMatchObject({ durationUs: boundedUs, warnings: [warning] });
  });

  it("keeps a duration of exactly 365 days, whose end stays exact even from the latest start", () => {
    const [out] = normaliseSpans([span({ startUs: MAX_TIME_US, durationUs: MAX_DURATION_US })], {
      nowUs: NOW_US,
      maxClockAheadUs: 2 ** 53,
    });
    expect(out?.durationUs).toBe(MAX_DURATION_US);
    expect(Number.isSafeInteger(MAX_TIME_US + MAX_DURATION_US)).toBe(true);
  });

  it("adds to the decoder's warnings rather than replacing them", () => {
    expect(normalised({ durationUs: -1, warnings: ["from the decoder"] }).warnings).toEqual([
      "from the decoder",
      "negative duration -1 µs; set to 0",
    ]);
  });
});

describe("event times", () => {
  it.each([
    ["a negative time to 0", -7, 0],
    ["a time past 2^52 µs to the last one", 2 ** 60, MAX_TIME_US],
  ])("moves %s, with a warning", (_name, timeUs, boundedUs) => {
    const out = normalised({ events: [event(NOW_US), event(timeUs)] });
    expect(out.events.map((e) => e.timeUs)).toEqual([NOW_US, boundedUs]);
    expect(out.warnings).toEqual(["event time outside 0 to 2^52 µs; set to the nearer end"]);
  });

  it("says once how many event times it moved", () => {
    expect(normalised({ events: [event(-1), event(-2)] }).warnings).toEqual([
      "event time outside 0 to 2^52 µs; set to the nearer end (2 times)",
    ]);
  });
});

describe("names and text", () => {
  it.each([
    ["service name", { serviceName: text(300) }, "serviceName", MAX_SERVICE_NAME_LENGTH],
    ["remote service name", { remoteServiceName: text(300) }, "remoteServiceName", MAX_SERVICE_NAME_LENGTH],
    ["span name", { name: text(600) }, "name", MAX_SPAN_NAME_LENGTH],
  ] as const)("cuts a %s past its limit, with a warning", (what, fields, field, limit) => {
    const out = normalised(fields);
    expect(out[field]).toHaveLength(limit);
    expect(out.warnings).toEqual([`${what} longer than ${limit} characters; cut`]);
  });

  it("keeps service.name in the resource equal to the cut service name", () => {
    const out = normalised({ serviceName: text(300), resource: { "service.name": text(300) } });
    expect(out.resource["service.name"]).toBe(out.serviceName);
  });

  it("cuts a status message, an event name and scope text", () => {
    const out = normalised({
      status: { code: "ERROR", message: text(MAX_TEXT_LENGTH + 1) },
      events: [event(NOW_US, { name: text(300) })],
      scope: { name: text(MAX_TEXT_LENGTH + 5), version: "1.0" },
    });
    expect(out.status).toEqual({ code: "ERROR", message: text(MAX_TEXT_LENGTH) });
    expect(out.events[0]?.name).toHaveLength(MAX_KEY_LENGTH);
    expect(out.scope).toEqual({ name: text(MAX_TEXT_LENGTH), version: "1.0" });
    expect(out.warnings).toHaveLength(3);
  });
});

describe("attributes", () => {
  it.each([
    [
      "a key",
      { [text(300)]: "v" },
      { [text(MAX_KEY_LENGTH)]: "v" },
      "attribute key longer than 256 characters; cut",
    ],
    [
      "a string value",
      { sql: text(MAX_TEXT_LENGTH + 10) },
      { sql: text(MAX_TEXT_LENGTH) },
      "attribute value longer than 65536 characters; cut",
    ],
    [
      "a string inside an array value",
      { list: ["a", text(MAX_TEXT_LENGTH + 1)] },
      { list: ["a", text(MAX_TEXT_LENGTH)] },
      "attribute value longer than 65536 characters; cut",
    ],
    [
      "a key inside a map value",
      { map: { [text(257)]: 1 } },
      { map: { [text(MAX_KEY_LENGTH)]: 1 } },
      "attribute key longer than 256 characters; cut",
    ],
  ])("cuts %s past its limit, with a warning", (_name, attributes, bounded, warning) => {
    const out = normalised({ attributes });
    expect(out.attributes).toEqual(bounded);
    expect(out.warnings).toEqual([warning]);
  });

  it("keeps the first of two keys cut to the same text", () => {
    const out = normalised({ attributes: { [`${text(256)}a`]: 1, [`${text(256)}b`]: 2 } });
    expect(out.attributes).toEqual({ [text(256)]: 1 });
  });

  it.each([
    ["span attributes", "attributes", "attributes"],
    ["resource attributes", "resource", "resource attributes"],
  ] as const)("keeps the first %s past the count limit, with a warning", (_name, field, place) => {
    const many = Object.fromEntries(Array.from({ length: MAX_ATTRIBUTES + 6 }, (_, i) => [`k${i}`, i]));
    const out = normalised({ [field]: many });
    expect(Object.keys(out[field])).toHaveLength(MAX_ATTRIBUTES);
    expect(out[field].k0).toBe(0);
    expect(out.warnings).toEqual([`${MAX_ATTRIBUTES + 6} ${place}; the first ${MAX_ATTRIBUTES} kept`]);
  });

  it("keeps the first items of a long array value", () => {
    const out = normalised({ attributes: { ids: Array.from({ length: MAX_ATTRIBUTES + 1 }, (_, i) => i) } });
    expect(out.attributes.ids).toHaveLength(MAX_ATTRIBUTES);
    expect(out.warnings).toEqual([`${MAX_ATTRIBUTES + 1} items in an array value; the first 1024 kept`]);
  });

  it("bounds event, link and scope attributes too", () => {
    const long = { [text(300)]: "v" };
    const out = normalised({
      events: [event(NOW_US, { attributes: long })],
      links: [{ traceId: "0000000000000001", spanId: "0000000000000003", type: "LINK", attributes: long }],
      scope: { name: "lib", attributes: long },
    });
    const bounded = { [text(MAX_KEY_LENGTH)]: "v" };
    expect([out.events[0]?.attributes, out.links[0]?.attributes, out.scope?.attributes]).toEqual([
      bounded,
      bounded,
      bounded,
    ]);
    expect(out.warnings).toEqual(["attribute key longer than 256 characters; cut (3 times)"]);
  });

  it("keeps a key named __proto__ as a key", () => {
    const attributes = JSON.parse(`{"__proto__": "x", "${text(300)}": 1}`);
    expect(Object.keys(normalised({ attributes }).attributes)).toEqual(["__proto__", text(MAX_KEY_LENGTH)]);
  });
});

describe("events and links", () => {
  it.each([
    ["events", "events", MAX_EVENTS, () => event(NOW_US)],
    [
      "links",
      "links",
      MAX_LINKS,
      () => ({ traceId: "0000000000000001", spanId: "0000000000000003", type: "LINK" }),
    ],
  ] as const)("keeps the first %s past the limit, with a warning", (what, field, limit, make) => {
    const out = normalised({ [field]: Array.from({ length: limit + 2 }, make as () => unknown) });
    expect(out[field]).toHaveLength(limit);
    expect(out.warnings).toEqual([`${limit + 2} ${what}; the first ${limit} kept`]);
  });
});

describe("a span within every bound", () => {
  it("is returned as it is, at every limit", () => {
    const input = span({
      startUs: NOW_US + DAY_US,
      durationUs: MAX_DURATION_US,
      serviceName: text(MAX_SERVICE_NAME_LENGTH),
      name: text(MAX_SPAN_NAME_LENGTH),
      attributes: { [text(MAX_KEY_LENGTH)]: text(MAX_TEXT_LENGTH) },
      events: Array.from({ length: MAX_EVENTS }, () => event(MAX_TIME_US)),
    });
    expect(normaliseSpans([input], bounds)[0]).toBe(input);
  });
});

describe("cutText", () => {
  it.each([
    ["leaves short text alone", "abc", 5, "abc"],
    ["cuts to the length", "abcdef", 4, "abcd"],
    ["never splits a surrogate pair", "ab😀", 3, "ab"],
    ["keeps a whole pair that fits", "ab😀", 4, "ab😀"],
  ])("%s", (_name, input, maxLength, output) => {
    expect(cutText(input, maxLength)).toBe(output);
  });
});
