import fc from "fast-check";
import { describe, it } from "vitest";
import { expectDecodesOrRefuses, mutatedBodies } from "../../../test/decoder-properties";
import { readTestDataBytes } from "../../../test/test-data";
import { encodeZipkinV1Thrift, parseThriftJson, readThriftJsonFixture } from "../../../test/zipkin-encoders";
import { decodeZipkinV1Thrift } from "./v1";

const decodesOrRefuses = (body: Buffer) => expectDecodesOrRefuses(() => decodeZipkinV1Thrift(body));
const mutationsDecodeOrRefuse = (seed: Buffer) =>
  fc.assert(fc.property(mutatedBodies(seed), decodesOrRefuses), { numRuns: 1000 });

describe("decodeZipkinV1Thrift on arbitrary input", () => {
  it("decodes or refuses any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => decodesOrRefuses(Buffer.from(bytes))),
      { numRuns: 500 },
    );
  });

  it("decodes or refuses test/data's batch with bits flipped, bytes cut or inserted", () => {
    mutationsDecodeOrRefuse(
      encodeZipkinV1Thrift(parseThriftJson(readTestDataBytes("zipkin-v1-thrift-checkout.json"))),
    );
  });

  it("decodes or refuses a real batch with bits flipped, bytes cut or inserted", { tags: ["corpus"] }, () => {
    mutationsDecodeOrRefuse(
      encodeZipkinV1Thrift(readThriftJsonFixture("otel-collector/zipkin_v1_thrift_single_batch.json")),
    );
  });
});
