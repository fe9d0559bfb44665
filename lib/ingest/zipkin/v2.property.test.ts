import fc from "fast-check";
import { describe, it } from "vitest";
import { expectDecodesOrRefuses } from "../../../test/decoder-properties";
import { readZipkinV2Fixture } from "../../../test/fixtures";
import { readTestData } from "../../../test/test-data";
import { decodeZipkinV2 } from "./v2";

const decodesOrRefuses = (body: unknown) => expectDecodesOrRefuses(() => decodeZipkinV2(body));

/** `seed` with up to four span fields replaced by any JSON value: decoded or refused. */
function replacementsDecodeOrRefuse(seed: Record<string, unknown>[]) {
  const fieldNames = [...new Set(seed.flatMap((span) => Object.keys(span)))];
  const mutation = fc.record({
    index: fc.nat(seed.length - 1),
    field: fc.constantFrom(...fieldNames, "annotations", "tags", "remoteEndpoint", "debug"),
    value: fc.jsonValue(),
  });
  fc.assert(
    fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
      const body = seed.map((span) => ({ ...span }));
      for (const { index, field, value } of mutations)
        (body[index] as Record<string, unknown>)[field] = value;
      decodesOrRefuses(body);
    }),
    { numRuns: 500 },
  );
}

describe("decodeZipkinV2 on arbitrary input", () => {
  it("decodes or refuses any JSON value", () => {
    fc.assert(fc.property(fc.jsonValue(), decodesOrRefuses), { numRuns: 500 });
  });

  it("decodes or refuses test/data's spans with one field replaced by anything", () => {
    replacementsDecodeOrRefuse(readTestData("zipkin-v2-checkout.json") as Record<string, unknown>[]);
  });

  it("decodes or refuses real spans with one field replaced by anything", { tags: ["corpus"] }, () => {
    replacementsDecodeOrRefuse(
      readZipkinV2Fixture("zipkin/lens-testdata/yelp.json") as Record<string, unknown>[],
    );
  });
});
