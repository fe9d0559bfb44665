import fc from "fast-check";
import { describe, it } from "vitest";
import { expectDecodesOrRefuses, mutatedBodies } from "../../../test/decoder-properties";
import { readFixture } from "../../../test/fixtures";
import { readTestData } from "../../../test/test-data";
import { encodeZipkinProto3 } from "../../../test/zipkin-encoders";
import { decodeZipkinProto3 } from "./proto3";

const decodesOrRefuses = (body: Buffer) => expectDecodesOrRefuses(() => decodeZipkinProto3(body));

describe("decodeZipkinProto3 on arbitrary input", () => {
  it("decodes or refuses any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => decodesOrRefuses(Buffer.from(bytes))),
      { numRuns: 500 },
    );
  });

  it("decodes or refuses test/data's spans with bits flipped, bytes cut or inserted", () => {
    const seed = encodeZipkinProto3(readTestData("zipkin-proto3-checkout.json") as object);
    fc.assert(fc.property(mutatedBodies(seed), decodesOrRefuses), { numRuns: 1000 });
  });

  it("decodes or refuses real spans with bits flipped, bytes cut or inserted", { tags: ["corpus"] }, () => {
    // Concatenated protobuf messages merge: this is one ListOfSpans holding both fixtures' spans.
    const seed = Buffer.concat(
      ["zipkin_proto_01.json", "zipkin_proto_02.json"].map((file) =>
        encodeZipkinProto3(readFixture(`jaeger/collector-zipkin/${file}`) as object),
      ),
    );
    fc.assert(fc.property(mutatedBodies(seed), decodesOrRefuses), { numRuns: 1000 });
  });
});
