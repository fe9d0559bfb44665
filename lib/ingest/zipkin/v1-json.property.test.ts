import fc from "fast-check";
import { describe, it } from "vitest";
import { expectDecodesOrRefuses } from "../../../test/decoder-properties";
import { readFixture } from "../../../test/fixtures";
import { readTestData } from "../../../test/test-data";
import { decodeZipkinV1Json } from "./v1";

type Json = Record<string, unknown>;
const decodesOrRefuses = (body: unknown) => expectDecodesOrRefuses(() => decodeZipkinV1Json(body));

const SPAN_FIELDS = [
  "traceId",
  "id",
  "parentId",
  "name",
  "timestamp",
  "duration",
  "debug",
  "annotations",
  "binaryAnnotations",
];
const ITEM_FIELDS = ["timestamp", "value", "key", "type", "endpoint"];
const ENDPOINT_FIELDS = ["serviceName", "ipv4", "ipv6", "port"];

/** Where a mutation lands (the span index modulo the body's length): a span field, a field of one of its (binary) annotations, or of their endpoint. */
const mutation = fc.record({
  span: fc.nat(20),
  list: fc.constantFrom(undefined, "annotations", "binaryAnnotations"),
  item: fc.nat(8),
  inEndpoint: fc.boolean(),
  field: fc.constantFrom(...SPAN_FIELDS, ...ITEM_FIELDS, ...ENDPOINT_FIELDS),
  value: fc.jsonValue(),
});

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

/** Copies what it changes, so `seed` stays as read. */
function mutate(body: Json[], { span, list, item, inEndpoint, field, value }: Mutation): void {
  let target = body[span % body.length] as Json;
  if (list !== undefined) {
    const items = target[list];
    if (!Array.isArray(items) || items.length === 0) return;
    const index = item % items.length;
    target[list] = items.slice();
    target = (target[list] as Json[])[index] = { ...(items[index] as Json) };
    if (inEndpoint && typeof target.endpoint === "object" && target.endpoint !== null) {
      target = target.endpoint = { ...(target.endpoint as Json) };
    }
  }
  target[field] = value;
}

describe("decodeZipkinV1Json on arbitrary input", () => {
  it("decodes or refuses any JSON value", () => {
    fc.assert(fc.property(fc.jsonValue(), decodesOrRefuses), { numRuns: 500 });
  });

  // Core annotations, a shared span, typed and address binary annotations, an lc span.
  it("decodes or refuses test/data's spans with fields, nested ones too, replaced by anything", () => {
    mutationsDecodeOrRefuse(readTestData("zipkin-v1-checkout.json") as Json[]);
  });

  it("decodes or refuses real spans with fields, nested ones too, replaced by anything", {
    tags: ["corpus"],
  }, () => {
    mutationsDecodeOrRefuse([
      ...(readFixture("otel-collector/zipkin_v1_single_batch.json") as Json[]),
      ...(readFixture("otel-collector/zipkin_v1_local_component.json") as Json[]),
      readFixture("zipkin/benchmarks-v1/span-rpc.json") as Json,
    ]);
  });
});

/** `seed` with up to four fields, nested ones too, replaced by any JSON value: decoded or refused. */
function mutationsDecodeOrRefuse(seed: Json[]) {
  fc.assert(
    fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
      const body = seed.map((span) => ({ ...span }));
      for (const one of mutations) mutate(body, one);
      decodesOrRefuses(body);
    }),
    { numRuns: 1000 },
  );
}
