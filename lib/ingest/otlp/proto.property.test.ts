import fc from "fast-check";
import { describe, it } from "vitest";
import { expectDecodesOrRefuses, mutatedBodies } from "../../../test/decoder-properties";
import { readFixtureBytes } from "../../../test/fixtures";
import { decodeOtlpProto } from "./proto";

const decodesOrRefuses = (body: Uint8Array) =>
  expectDecodesOrRefuses(() => decodeOtlpProto(Buffer.from(body.buffer, body.byteOffset, body.length)));

const SEEDS = ["otlp2parquet/trace.pb", "otlp2parquet/traces.pb"].map(readFixtureBytes);

describe("decodeOtlpProto on arbitrary input", () => {
  it("decodes or refuses any bytes", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), decodesOrRefuses), { numRuns: 500 });
  });

  it.each(SEEDS.map((seed, i) => [i, seed] as const))(
    "decodes or refuses real body %i with bytes flipped, cut or inserted",
    (_i, seed) => {
      fc.assert(fc.property(mutatedBodies(seed), decodesOrRefuses), { numRuns: 500 });
    },
  );
});
