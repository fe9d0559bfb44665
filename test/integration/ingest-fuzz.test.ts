import { gzipSync } from "node:zlib";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { everyFieldBatch } from "../agent-datagrams";
import { mutatedBodies } from "../decoder-properties";
import { readFixtureBytes as fixture, readFixture } from "../fixtures";
import { largeZipkinTrace } from "../large-trace";
import { recordCheckoutTrace } from "../otel-checkout";
import { readTestData, readTestDataBytes } from "../test-data";
import {
  encodeZipkinProto3,
  encodeZipkinV1Thrift,
  parseThriftJson,
  readThriftJsonFixture,
} from "../zipkin-encoders";
import { baseUrl } from "./helpers";

/**
 * Through the real server, on every ingest route and body encoding: whatever a client sends, random
 * bytes, random JSON or a real body with a field or some bytes changed, the answer is a 2xx or a
 * 4xx, never a 5xx, and the server keeps serving.
 */
/** Bodies the project holds or makes, one per route and encoding. */
const TARGETS = [
  // Traces no other test reads back whole: a changed copy may add spans to the trace it seeds.
  [
    "/api/v2/spans",
    "application/json",
    () =>
      Buffer.from(
        JSON.stringify(largeZipkinTrace("0000000000000000000000000000f022", { spanCount: 12, depth: 4 })),
      ),
  ],
  [
    "/api/v2/spans",
    "application/x-protobuf",
    () => encodeZipkinProto3(readTestData("zipkin-proto3-checkout.json") as object),
  ],
  ["/api/v1/spans", "application/json", () => readTestDataBytes("zipkin-v1-checkout.json")],
  [
    "/api/v1/spans",
    "application/x-thrift",
    () => encodeZipkinV1Thrift(parseThriftJson(readTestDataBytes("zipkin-v1-thrift-checkout.json"))),
  ],
  ["/api/traces", "application/x-thrift", everyFieldBatch],
  ["/v1/traces", "application/json", () => readTestDataBytes("otlp-checkout.json")],
  [
    "/v1/traces",
    "application/x-protobuf",
    async () => Buffer.from(ProtobufTraceSerializer.serializeRequest(await recordCheckoutTrace()) ?? []),
  ],
  ["/api/upload", "application/json", () => readTestDataBytes("otlp-checkout.jsonl")],
] as const;

/** Real bodies of the corpus. */
const CORPUS_TARGETS = [
  ["/api/v2/spans", "application/json", () => fixture("zipkin/lens-testdata/messaging.json")],
  [
    "/api/v2/spans",
    "application/x-protobuf",
    () => encodeZipkinProto3(readFixture("jaeger/collector-zipkin/zipkin_proto_01.json") as object),
  ],
  ["/api/v1/spans", "application/json", () => fixture("otel-collector/zipkin_v1_single_batch.json")],
  [
    "/api/v1/spans",
    "application/x-thrift",
    () => encodeZipkinV1Thrift(readThriftJsonFixture("otel-collector/zipkin_v1_thrift_single_batch.json")),
  ],
  ["/api/traces", "application/x-thrift", () => fixture("derived/jaeger-thrift-binary_batch_02.thrift")],
  ["/v1/traces", "application/json", () => fixture("otel-proto/trace.json")],
  ["/v1/traces", "application/x-protobuf", () => fixture("otlp2parquet/trace.pb")],
  ["/api/upload", "application/json", () => fixture("stalk/jaeger-search-output.json")],
] as const;

const bodies = (seed: Buffer) =>
  fc.oneof(
    fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes)),
    fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value) ?? "null")),
    mutatedBodies(seed),
  );

/** Random bytes, random JSON or the seed changed: 2xx or 4xx, and the server still healthy. */
function expectNo5xx(path: string, contentType: string, seed: () => Buffer | Promise<Buffer>) {
  it("answers 2xx or 4xx and keeps serving", async () => {
    const body = await seed();
    await fc.assert(
      fc.asyncProperty(bodies(body), fc.boolean(), async (body, gzip) => {
        const response = await fetch(`${baseUrl()}${path}`, {
          method: "POST",
          headers: { "content-type": contentType, ...(gzip ? { "content-encoding": "gzip" } : {}) },
          body: new Uint8Array(gzip ? gzipSync(body) : body),
        });
        expect(response.status, await response.text()).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
    expect((await fetch(`${baseUrl()}/api/health`)).status).toBe(200);
  });
}

describe.each(TARGETS)("POST %s as %s on arbitrary bodies", expectNo5xx);
describe.each(CORPUS_TARGETS)(
  "POST %s as %s on arbitrary bodies from the corpus",
  { tags: ["corpus"] },
  expectNo5xx,
);
