import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readZipkinV2Fixture } from "../../test/fixtures";
import { RequestError } from "../errors";
import { decodeZipkinV2 } from "./zipkin-v2";

/**
 * Whatever arrives, the decoder either returns spans or refuses with a RequestError (a 4xx): never
 * another exception, which would be a 500.
 */
function decodesOrRefuses(body: unknown): void {
  try {
    const { spans } = decodeZipkinV2(body);
    for (const span of spans) {
      expect(span.traceId).toMatch(/^([0-9a-f]{16}|[0-9a-f]{32})$/);
      expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(Number.isInteger(span.startUs) && Number.isInteger(span.durationUs)).toBe(true);
      expect(span.parentSpanId).not.toBe(span.spanId);
    }
  } catch (error) {
    if (!(error instanceof RequestError)) throw error;
    expect(error.status).toBe(400);
  }
}

const seed = readZipkinV2Fixture("zipkin/lens-testdata/yelp.json") as Record<string, unknown>[];
const fieldNames = [...new Set(seed.flatMap((span) => Object.keys(span)))];

describe("decodeZipkinV2 on arbitrary input", () => {
  it("decodes or refuses any JSON value", () => {
    fc.assert(fc.property(fc.jsonValue(), decodesOrRefuses), { numRuns: 500 });
  });

  it("decodes or refuses real spans with one field replaced by anything", () => {
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
  });
});
