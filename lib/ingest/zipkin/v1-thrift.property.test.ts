import fc from "fast-check";
import { describe, it } from "vitest";
import { expectDecodesOrRefuses, mutatedBodies } from "../../../test/decoder-properties";
import { encodeZipkinV1Thrift, readThriftJsonFixture } from "../../../test/zipkin-encoders";
import { decodeZipkinV1Thrift } from "./v1";

const decodesOrRefuses = (body: Buffer) => expectDecodesOrRefuses(() => decodeZipkinV1Thrift(body));
const seed = encodeZipkinV1Thrift(readThriftJsonFixture("otel-collector/zipkin_v1_thrift_single_batch.json"));

describe("decodeZipkinV1Thrift on arbitrary input", () => {
  it("decodes or refuses any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => decodesOrRefuses(Buffer.from(bytes))),
      { numRuns: 500 },
    );
  });

  it("decodes or refuses a real batch with bits flipped, bytes cut or inserted", () => {
    fc.assert(fc.property(mutatedBodies(seed), decodesOrRefuses), { numRuns: 1000 });
  });
});
