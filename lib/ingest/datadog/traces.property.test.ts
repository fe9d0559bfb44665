import { encode } from "@msgpack/msgpack";
import fc from "fast-check";
import { describe, it } from "vitest";
import { expectDecodesOrRefuses, mutatedBodies } from "../../../test/decoder-properties";
import { type DatadogFormat, decodeDatadogTraces } from "./traces";

const decodesOrRefuses = (format: DatadogFormat) => (body: Uint8Array) =>
  expectDecodesOrRefuses(() => decodeDatadogTraces(Buffer.from(body), format));

const msgpack = (value: unknown) => Buffer.from(encode(value, { useBigInt64: true }));

// A trace as dd-trace writes it: a 128-bit trace id, a parent, meta, metrics, events and a link.
const META = {
  "_dd.p.tid": "6553f1a000000000",
  "span.kind": "client",
  events: '[{"name":"retry","time_unix_nano":1700000000000001500,"attributes":{"n":1}}]',
  "_dd.span_links": '[{"trace_id":"6553f1a0000000000000000000000001","span_id":"0000000000000001"}]',
};
const V04 = msgpack([
  [
    {
      trace_id: 1n,
      span_id: 1n,
      parent_id: 0n,
      name: "web",
      resource: "GET /",
      service: "a",
      start: 1_700_000_000_000_000_000n,
      duration: 5_000_000,
      error: 0,
      meta: META,
      metrics: { _sampling_priority_v1: 1 },
      type: "web",
    },
    {
      trace_id: 1n,
      span_id: 2n,
      parent_id: 1n,
      name: "q",
      resource: "SELECT",
      service: "b",
      start: 1_700_000_000_001_000_000n,
      duration: 1_000,
      error: 1,
      meta: { "error.message": "x" },
      metrics: {},
      type: "sql",
      span_events: [{ name: "e", time_unix_nano: 1.7e18, attributes: { k: { type: 0, string_value: "v" } } }],
    },
  ],
]);
const V05 = msgpack([
  ["", "a", "web", "GET /", "_dd.p.tid", "6553f1a000000000", "span.kind", "client", "events", META.events],
  [[[1, 2, 3, 1n, 1n, 0n, 1_700_000_000_000_000_000n, 5_000_000, 0, { 4: 5, 6: 7, 8: 9 }, { 2: 1.5 }, 2]]],
]);

describe("decodeDatadogTraces on arbitrary input", () => {
  it.each(["v0.4-msgpack", "v0.5-msgpack", "v0.4-json"] as const)(
    "decodes or refuses any bytes as %s",
    (format) => {
      fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), decodesOrRefuses(format)), { numRuns: 500 });
    },
  );

  it("decodes or refuses any JSON value", () => {
    const text = fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value) ?? "null"));
    fc.assert(fc.property(text, decodesOrRefuses("v0.4-json")), { numRuns: 500 });
  });

  it.each([
    ["v0.4", V04, "v0.4-msgpack"],
    ["v0.5", V05, "v0.5-msgpack"],
  ] as const)(
    "decodes or refuses a real %s payload with bytes flipped, inserted or cut off",
    (_name, seed, format) => {
      fc.assert(fc.property(mutatedBodies(seed), decodesOrRefuses(format)), { numRuns: 1000 });
    },
  );
});
