import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import fc from "fast-check";
import { describe, it } from "vitest";
import { expectDecodesOrRefuses, mutatedBodies } from "../../../test/decoder-properties";
import { readFixtureBytes } from "../../../test/fixtures";
import { recordCheckoutTrace } from "../../../test/otel-checkout";
import { decodeOtlpProto } from "./proto";

const decodesOrRefuses = (body: Uint8Array) =>
  expectDecodesOrRefuses(() => decodeOtlpProto(Buffer.from(body.buffer, body.byteOffset, body.length)));

const mutationsDecodeOrRefuse = (seed: Buffer) =>
  fc.assert(fc.property(mutatedBodies(seed), decodesOrRefuses), { numRuns: 500 });

describe("decodeOtlpProto on arbitrary input", () => {
  it("decodes or refuses any bytes", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), decodesOrRefuses), { numRuns: 500 });
  });

  it("decodes or refuses the OTel JS SDK's body with bytes flipped, cut or inserted", async () => {
    mutationsDecodeOrRefuse(
      Buffer.from(ProtobufTraceSerializer.serializeRequest(await recordCheckoutTrace()) ?? []),
    );
  });

  it.each(["otlp2parquet/trace.pb", "otlp2parquet/traces.pb"])(
    "decodes or refuses real body %s with bytes flipped, cut or inserted",
    { tags: ["corpus"] },
    (path) => {
      mutationsDecodeOrRefuse(readFixtureBytes(path));
    },
  );
});
