import fc from "fast-check";
import { describe, it } from "vitest";
import { expectDecodesOrRefuses, mutatedBodies } from "../../test/decoder-properties";
import { readFixtureBytes } from "../../test/fixtures";
import { readTestDataBytes } from "../../test/test-data";
import { decodeTraceFile } from "./trace-file";

const decodesOrRefuses = (body: Uint8Array) =>
  expectDecodesOrRefuses(() => decodeTraceFile(Buffer.from(body)));

describe("decodeTraceFile on arbitrary input", () => {
  it("decodes or refuses any JSON value and any bytes", () => {
    const json = fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value) ?? "null"));
    fc.assert(fc.property(fc.oneof(json, fc.uint8Array({ maxLength: 512 })), decodesOrRefuses), {
      numRuns: 500,
    });
  });

  // One file of each family the upload recognises by its shape.
  it("decodes or refuses test/data's files of every format with bytes changed, cut or inserted", () => {
    const seeds = [
      "jaeger-checkout.json",
      "zipkin-v2-checkout.json",
      "zipkin-v1-checkout.json",
      "otlp-checkout.json",
      "otlp-checkout.jsonl",
    ].map(readTestDataBytes);
    fc.assert(fc.property(fc.oneof(...seeds.map(mutatedBodies)), decodesOrRefuses), { numRuns: 1000 });
  });

  it("decodes or refuses real files of every format with bytes changed, cut or inserted", {
    tags: ["corpus"],
  }, () => {
    const seeds = [
      "stalk/jaeger-search-output.json",
      "zipkin/lens-testdata/ascend.json",
      "otel-collector/zipkin_v1_single_batch.json",
      "otel-proto/trace.json",
      "jaeger-ui/otlp2jaeger-multi-in.json.txt",
    ].map(readFixtureBytes);
    fc.assert(fc.property(fc.oneof(...seeds.map(mutatedBodies)), decodesOrRefuses), { numRuns: 1000 });
  });
});
