import fc from "fast-check";
import { describe, it } from "vitest";
import { expectDecodesOrRefuses } from "../../test/decoder-properties";
import { readFixtureBytes } from "../../test/fixtures";
import { decodeJaegerThrift } from "./jaeger-thrift";

const decodesOrRefuses = (body: Uint8Array) =>
  expectDecodesOrRefuses(() => decodeJaegerThrift(Buffer.from(body)));

// Every tag type, logs and a parent; batch_02 adds BINARY and FOLLOWS_FROM.
const seeds = ["batch_01", "batch_02"].map((name) =>
  readFixtureBytes(`derived/jaeger-thrift-binary_${name}.thrift`),
);

const edit = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
);
type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

function mutate(seed: Buffer, edits: Edit[]): Buffer {
  let body = Buffer.from(seed);
  for (const change of edits) {
    const at = change.at % (body.length + 1);
    if (change.kind === "flip" && at < body.length) body[at] = change.byte;
    else if (change.kind === "insert")
      body = Buffer.concat([body.subarray(0, at), change.bytes, body.subarray(at)]);
    else if (change.kind === "truncate") body = body.subarray(0, at);
  }
  return body;
}

describe("decodeJaegerThrift on arbitrary input", () => {
  it("decodes or refuses any bytes", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), decodesOrRefuses), { numRuns: 500 });
  });

  it("decodes or refuses real Batches with bytes flipped, inserted or cut off", () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 4 }), (seed, edits) =>
        decodesOrRefuses(mutate(seed, edits)),
      ),
      { numRuns: 1000 },
    );
  });
});
