import { describe, expect, it } from "vitest";
import {
  JAEGER_JSON_FIXTURES,
  OTLP_JSON_FIXTURES,
  readFixture,
  readFixtureBytes,
  readJsonLines,
  ZIPKIN_V2_FIXTURES,
} from "../../test/fixtures";
import { readTestData, readTestDataBytes } from "../../test/test-data";
import { RequestError } from "../errors";
import type { Span } from "../model/span";
import { decodeJaegerJson } from "./jaeger/json";
import { decodeOtlpJson } from "./otlp/json";
import { decodeTraceFile } from "./trace-file";
import { decodeZipkinV1Json } from "./zipkin/v1";
import { decodeZipkinV2 } from "./zipkin/v2";

/**
 * A trace file is recognised by its shape: each fixture must decode through the upload exactly as
 * through its own format's decoder (a wrong guess would give other spans or a refusal).
 */
const asList = (json: unknown): unknown[] =>
  Array.isArray(json) ? (json.some(Array.isArray) ? json.flat() : json) : [json];

const ZIPKIN_V1_FIXTURES = [
  "otel-collector/zipkin_v1_single_batch.json",
  "otel-collector/zipkin_v1_multiple_batches.json",
  "otel-collector/zipkin_v1_local_component.json",
  "otel-collector/zipkin_v2_notimestamp.json",
  "zipkin/benchmarks-v1/span-client.json",
  "zipkin/benchmarks-v1/span-local.json",
  "zipkin/benchmarks-v1/span-rpc.json",
  "zipkin/benchmarks-v1/span-rpc-ipv6.json",
];

function expectSameSpans(actual: Span[], expected: Span[]): void {
  // Fragments placed at "the receive time" differ between two decodes by the clock; none here are.
  expect(actual).toEqual(expected);
}

describe("decodeTraceFile on test/data's files", () => {
  const lines = (name: string) => readTestDataBytes(name).toString("utf8").split("\n").filter(Boolean);
  it.each<[string, string, () => Span[]]>([
    [
      "zipkin-v2-checkout.json",
      "Zipkin v2",
      () => decodeZipkinV2(readTestData("zipkin-v2-checkout.json")).spans,
    ],
    [
      "zipkin-v1-checkout.json",
      "Zipkin v1",
      () => decodeZipkinV1Json(readTestData("zipkin-v1-checkout.json")).spans,
    ],
    [
      "jaeger-checkout.json",
      "Jaeger JSON",
      () => decodeJaegerJson(readTestData("jaeger-checkout.json")).spans,
    ],
    ["otlp-checkout.json", "OTLP JSON", () => decodeOtlpJson(readTestData("otlp-checkout.json")).spans],
    [
      "otlp-checkout.jsonl",
      "OTLP JSON lines, one request per line",
      () => lines("otlp-checkout.jsonl").flatMap((line) => decodeOtlpJson(JSON.parse(line)).spans),
    ],
  ])("reads %s as %s", (name, _format, decodeAsItsFormat) => {
    expectSameSpans(decodeTraceFile(readTestDataBytes(name)).spans, decodeAsItsFormat());
  });

  it("reads a Zipkin v2 trace as Jaeger's /api/v2/traces answers it, an array of traces", () => {
    const spans = readTestData("zipkin-v2-checkout.json") as unknown[];
    const body = Buffer.from(JSON.stringify([spans.slice(0, 4), spans.slice(4)]));
    expectSameSpans(decodeTraceFile(body).spans, decodeZipkinV2(spans).spans);
  });
});

describe("decodeTraceFile", () => {
  it.each(ZIPKIN_V2_FIXTURES.map(([path]) => path))("reads %s as Zipkin v2", { tags: ["corpus"] }, (path) => {
    expectSameSpans(
      decodeTraceFile(readFixtureBytes(path)).spans,
      decodeZipkinV2(asList(readFixture(path))).spans,
    );
  });

  it.each(JAEGER_JSON_FIXTURES.map(([path]) => path))(
    "reads %s as Jaeger JSON",
    { tags: ["corpus"] },
    (path) => {
      expectSameSpans(
        decodeTraceFile(readFixtureBytes(path)).spans,
        decodeJaegerJson(readFixture(path)).spans,
      );
    },
  );

  it.each(OTLP_JSON_FIXTURES.map(([path]) => path))("reads %s as OTLP JSON", { tags: ["corpus"] }, (path) => {
    expectSameSpans(decodeTraceFile(readFixtureBytes(path)).spans, decodeOtlpJson(readFixture(path)).spans);
  });

  it.each(["otlp2parquet/traces.jsonl", "jaeger-ui/otlp2jaeger-multi-in.json.txt"])(
    "reads %s as OTLP JSON lines, one request per line",
    { tags: ["corpus"] },
    (path) => {
      const expected = readJsonLines(path).flatMap((request) => decodeOtlpJson(request).spans);
      expectSameSpans(decodeTraceFile(readFixtureBytes(path)).spans, expected);
    },
  );

  it("reads Jaeger's api_v3 GetTrace answer as the OTLP JSON it wraps", { tags: ["corpus"] }, () => {
    const path = "jaeger-ui/apiv3-getTrace-response-hotrod.json";
    const { result } = readFixture(path) as { result: unknown };
    expectSameSpans(decodeTraceFile(readFixtureBytes(path)).spans, decodeOtlpJson(result).spans);
  });

  it.each(ZIPKIN_V1_FIXTURES)("reads %s as Zipkin v1", { tags: ["corpus"] }, (path) => {
    expectSameSpans(
      decodeTraceFile(readFixtureBytes(path)).spans,
      decodeZipkinV1Json(asList(readFixture(path))).spans,
    );
  });

  it.each([
    ["an empty file", "  \n", /the file is empty/],
    ["a file that is not JSON", "<html>", /the file is not JSON/],
    ["JSON lines with a broken line", '{"resourceSpans": []}\n{oops\n', /line 2 is not JSON/],
    ["an object of no known format", '{"hello": "world"}', /not a trace format Tracelight knows/],
    ["an empty list", "[]", /the file holds no spans/],
    [
      "a Zipkin v1 file with a bad id",
      '[{"traceId": "a", "id": "b", "parentId": "BADID", "annotations": []}]',
      /BADID/,
    ],
  ])("refuses %s with a message saying why", (_case, text, message) => {
    expect(() => decodeTraceFile(Buffer.from(text))).toThrow(RequestError);
    expect(() => decodeTraceFile(Buffer.from(text))).toThrow(message);
  });

  it("refuses zipkin_v1_error_batch with a message naming its bad id", { tags: ["corpus"] }, () => {
    const body = readFixtureBytes("otel-collector/zipkin_v1_error_batch.json");
    expect(() => decodeTraceFile(body)).toThrow(RequestError);
    expect(() => decodeTraceFile(body)).toThrow(/BADID/);
  });
});
