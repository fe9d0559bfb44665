import { encode } from "@msgpack/msgpack";
import { describe, expect, it } from "vitest";
import type { Span } from "../../model/span";
import { decodeDatadogTraces } from "./traces";

const START_NS = 1_700_000_000_000_000_000n;

function decodeOne(fields: Record<string, unknown>): Span {
  const span = {
    trace_id: 0xaan,
    span_id: 0xbbn,
    parent_id: 0n,
    name: "web.request",
    resource: "GET /",
    service: "shop",
    start: START_NS,
    duration: 1_000_000n,
    ...fields,
  };
  const { spans } = decodeDatadogTraces(Buffer.from(encode([[span]], { useBigInt64: true })), "v0.4-msgpack");
  expect(spans).toHaveLength(1);
  return spans[0] as Span;
}

describe("Datadog span events", () => {
  it("reads the events meta tag, times exact past 2^53 ns", () => {
    const events =
      '[{"name":"retry","time_unix_nano":1700000000000001500,"attributes":{"attempt":2,"ok":false,"ids":["a","b"]}},' +
      '{"name":"done","time_unix_nano":1700000000000900000}]';
    const span = decodeOne({ meta: { events, other: "kept" } });
    expect(span.events).toStrictEqual([
      {
        timeUs: 1_700_000_000_000_002,
        name: "retry",
        attributes: { attempt: 2, ok: false, ids: ["a", "b"] },
      },
      { timeUs: 1_700_000_000_000_900, name: "done" },
    ]);
    expect(span.attributes.events).toBeUndefined();
    expect(span.attributes.other).toBe("kept");
  });

  it("reads native span_events with OTel-typed values", () => {
    const attributes = {
      s: { type: 0, string_value: "x" },
      b: { type: 1, bool_value: true },
      i: { type: 2, int_value: 2n ** 60n },
      d: { type: 3, double_value: 0.5 },
      a: {
        type: 4,
        array_value: {
          values: [
            { type: 2, int_value: 1 },
            { type: 0, string_value: "y" },
          ],
        },
      },
    };
    const span = decodeOne({ span_events: [{ name: "cache miss", time_unix_nano: 1.7e18, attributes }] });
    expect(span.events).toStrictEqual([
      {
        timeUs: 1_700_000_000_000_000,
        name: "cache miss",
        attributes: { s: "x", b: true, i: "1152921504606846976", d: 0.5, a: [1, "y"] },
      },
    ]);
  });

  it.each([
    ["text that is not JSON", "[{", /^meta\["events"\]: not JSON: .*; kept as a tag$/],
    [
      "a name that is a number",
      '[{"name":5}]',
      /^meta\["events"\]\[0\]\.name: expected a string, got number; kept as a tag$/,
    ],
  ])("keeps an events tag of %s as the tag, with a warning", (_case, events, warning) => {
    const span = decodeOne({ meta: { events } });
    expect(span.events).toStrictEqual([]);
    expect(span.attributes.events).toBe(events);
    expect(span.warnings).toHaveLength(1);
    expect(span.warnings?.[0]).toMatch(warning);
  });

  it("refuses a malformed native span event, naming it", () => {
    const span_events = [{ name: "x", time_unix_nano: 1, attributes: { k: { type: 9 } } }];
    expect(() => decodeOne({ span_events })).toThrow(
      /^traces\[0\]\[0\]\.span_events\[0\]\.attributes\["k"\]\.type: expected 0 to 4, got 9$/,
    );
  });
});

describe("Datadog span links", () => {
  it("reads the _dd.span_links meta tag, keeping the tracestate and leaving span pointers out", () => {
    const links = JSON.stringify([
      {
        trace_id: "6553f1a0000000000123456789abcdef",
        span_id: "00000000000000cc",
        attributes: { reason: "batch" },
        tracestate: "dd=s:1",
        flags: 1,
      },
      {
        trace_id: "00000000000000000000000000000000",
        span_id: "0000000000000000",
        attributes: { "ptr.kind": "aws.s3.object" },
      },
    ]);
    const span = decodeOne({ meta: { "_dd.span_links": links } });
    expect(span.links).toStrictEqual([
      {
        traceId: "6553f1a0000000000123456789abcdef",
        spanId: "00000000000000cc",
        type: "LINK",
        attributes: { reason: "batch", "w3c.tracestate": "dd=s:1" },
      },
    ]);
    expect(span.attributes["dd.span_links"]).toBeUndefined();
  });

  it("reads native span_links, with the trace id's high bits", () => {
    const span_links = [
      { trace_id: 0x0123456789abcdefn, trace_id_high: 0x6553f1a000000000n, span_id: 0xccn },
    ];
    expect(decodeOne({ span_links }).links).toStrictEqual([
      { traceId: "6553f1a0000000000123456789abcdef", spanId: "00000000000000cc", type: "LINK" },
    ]);
  });

  it("keeps a link tag with a bad id as the tag, with a warning", () => {
    const links = '[{"trace_id":"xyz","span_id":"01"}]';
    const span = decodeOne({ meta: { "_dd.span_links": links } });
    expect(span.links).toStrictEqual([]);
    expect(span.attributes["dd.span_links"]).toBe(links);
    expect(span.warnings).toStrictEqual([
      'meta["_dd.span_links"][0].trace_id: "xyz" is not hex; expected 1-32 hex digits; kept as a tag',
    ]);
  });
});
