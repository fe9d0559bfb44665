import { describe, expect, it } from "vitest";
import {
  JAEGER_JSON_FIXTURES,
  OTLP_JSON_FIXTURES,
  readFixture,
  readFixtureBytes,
  readJsonLines,
  ZIPKIN_V2_FIXTURES,
} from "../../test/fixtures";
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

describe("decodeTraceFile", () => {
  it.each(ZIPKIN_V2_FIXTURES.map(([path]) => path))("reads %s as Zipkin v2", (path) => {
    expectSameSpans(
      decodeTraceFile(readFixtureBytes(path)).spans,
      decodeZipkinV2(asList(readFixture(path))).spans,
    );
  });

  it.each(JAEGER_JSON_FIXTURES.map(([path]) => path))("reads %s as Jaeger JSON", (path) => {
    expectSameSpans(decodeTraceFile(readFixtureBytes(path)).spans, decodeJaegerJson(readFixture(path)).spans);
  });

  it.each(OTLP_JSON_FIXTURES.map(([path]) => path))("reads %s as OTLP JSON", (path) => {
    expectSameSpans(decodeTraceFile(readFixtureBytes(path)).spans, decodeOtlpJson(readFixture(path)).spans);
  });

  it.each(["otlp2parquet/traces.jsonl", "jaeger-ui/otlp2jaeger-multi-in.json.txt"])(
    "reads %s as OTLP JSON lines, one request per line",
    (path) => {
      const expected = readJsonLines(path).flatMap((request) => decodeOtlpJson(request).spans);
      expectSameSpans(decodeTraceFile(readFixtureBytes(path)).spans, expected);
    },
  );

  it("reads Jaeger's api_v3 GetTrace answer as the OTLP JSON it wraps", () => {
    const path = "jaeger-ui/apiv3-getTrace-response-hotrod.json";
    const { result } = readFixture(path) as { result: unknown };
    expectSameSpans(decodeTraceFile(readFixtureBytes(path)).spans, decodeOtlpJson(result).spans);
  });

  it.each(ZIPKIN_V1_FIXTURES)("reads %s as Zipkin v1", (path) => {
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
    ["a Zipkin v1 file with a bad id", null, /BADID/],
  ])("refuses %s with a message saying why", (_case, text, message) => {
    const body =
      text === null ? readFixtureBytes("otel-collector/zipkin_v1_error_batch.json") : Buffer.from(text);
    expect(() => decodeTraceFile(body)).toThrow(RequestError);
    expect(() => decodeTraceFile(body)).toThrow(message);
  });
});
