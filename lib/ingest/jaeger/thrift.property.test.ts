import fc from "fast-check";
import { describe, it } from "vitest";
import { everyFieldBatch } from "../../../test/agent-datagrams";
import { expectDecodesOrRefuses, mutatedBodies } from "../../../test/decoder-properties";
import { readFixtureBytes } from "../../../test/fixtures";
import { decodeJaegerThrift } from "./thrift";

const decodesOrRefuses = (body: Uint8Array) =>
  expectDecodesOrRefuses(() => decodeJaegerThrift(Buffer.from(body)));

describe("decodeJaegerThrift on arbitrary input", () => {
  it("decodes or refuses any bytes", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), decodesOrRefuses), { numRuns: 500 });
  });

  it("decodes or refuses a Batch made here with bytes flipped, inserted or cut off", () => {
    fc.assert(fc.property(mutatedBodies(everyFieldBatch()), decodesOrRefuses), { numRuns: 1000 });
  });

  it("decodes or refuses real Batches with bytes flipped, inserted or cut off", { tags: ["corpus"] }, () => {
    // Every tag type, logs and a parent; batch_02 adds BINARY and FOLLOWS_FROM.
    const seeds = ["batch_01", "batch_02"].map((name) =>
      readFixtureBytes(`derived/jaeger-thrift-binary_${name}.thrift`),
    );
    fc.assert(fc.property(fc.oneof(...seeds.map(mutatedBodies)), decodesOrRefuses), { numRuns: 1000 });
  });
});
