import fc from "fast-check";
import { describe, it } from "vitest";
import { expectDecodesOrRefuses } from "../../test/decoder-properties";
import { readFixtureBytes } from "../../test/fixtures";
import { decodeOtlpProto } from "./otlp-proto";

const decodesOrRefuses = (body: Uint8Array) =>
  expectDecodesOrRefuses(() => decodeOtlpProto(Buffer.from(body.buffer, body.byteOffset, body.length)));

const SEEDS = ["otlp2parquet/trace.pb", "otlp2parquet/traces.pb"].map(readFixtureBytes);

/** One edit of a real body: a byte changed, the body cut short, or bytes inserted. */
const edit = (size: number) =>
  fc.oneof(
    fc.record({
      kind: fc.constant("flip" as const),
      at: fc.nat(size - 1),
      byte: fc.integer({ min: 0, max: 255 }),
    }),
    fc.record({ kind: fc.constant("truncate" as const), at: fc.nat(size - 1) }),
    fc.record({
      kind: fc.constant("insert" as const),
      at: fc.nat(size - 1),
      bytes: fc.uint8Array({ maxLength: 8 }),
    }),
  );

function applied(
  seed: Buffer,
  edits: { kind: string; at: number; byte?: number; bytes?: Uint8Array }[],
): Buffer {
  let body = Buffer.from(seed);
  for (const { kind, at, byte, bytes } of edits) {
    const position = Math.min(at, Math.max(body.length - 1, 0));
    if (kind === "flip" && body.length > 0) body[position] = byte ?? 0;
    else if (kind === "truncate") body = body.subarray(0, position);
    else if (kind === "insert")
      body = Buffer.concat([body.subarray(0, position), bytes ?? new Uint8Array(), body.subarray(position)]);
  }
  return body;
}

describe("decodeOtlpProto on arbitrary input", () => {
  it("decodes or refuses any bytes", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), decodesOrRefuses), { numRuns: 500 });
  });

  it.each(SEEDS.map((seed, i) => [i, seed] as const))(
    "decodes or refuses real body %i with bytes flipped, cut or inserted",
    (_i, seed) => {
      fc.assert(
        fc.property(fc.array(edit(seed.length), { minLength: 1, maxLength: 4 }), (edits) =>
          decodesOrRefuses(applied(seed, edits)),
        ),
        { numRuns: 500 },
      );
    },
  );
});
