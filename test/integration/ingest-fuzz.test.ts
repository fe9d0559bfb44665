import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mutatedBodies } from "../decoder-properties";
import { readFixtureBytes as fixture, readFixture } from "../fixtures";
import { encodeZipkinProto3, encodeZipkinV1Thrift, readThriftJsonFixture } from "../zipkin-encoders";
import { baseUrl } from "./helpers";

/**
 * Through the real server, on every ingest route and body encoding: whatever a client sends, random
 * bytes, random JSON or a real body with a field or some bytes changed, the answer is a 2xx or a
 * 4xx, never a 5xx, and the server keeps serving.
 */
const TARGETS = [
  ["/api/v2/spans", "application/json", fixture("zipkin/lens-testdata/messaging.json")],
  [
    "/api/v2/spans",
    "application/x-protobuf",
    encodeZipkinProto3(readFixture("jaeger/collector-zipkin/zipkin_proto_01.json") as object),
  ],
  ["/api/v1/spans", "application/json", fixture("otel-collector/zipkin_v1_single_batch.json")],
  [
    "/api/v1/spans",
    "application/x-thrift",
    encodeZipkinV1Thrift(readThriftJsonFixture("otel-collector/zipkin_v1_thrift_single_batch.json")),
  ],
  ["/api/traces", "application/x-thrift", fixture("derived/jaeger-thrift-binary_batch_02.thrift")],
  ["/v1/traces", "application/json", fixture("otel-proto/trace.json")],
  ["/v1/traces", "application/x-protobuf", fixture("otlp2parquet/trace.pb")],
  ["/api/upload", "application/json", fixture("stalk/jaeger-search-output.json")],
] as const;

const bodies = (seed: Buffer) =>
  fc.oneof(
    fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes)),
    fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value) ?? "null")),
    mutatedBodies(seed),
  );

describe.each(TARGETS)("POST %s as %s on arbitrary bodies", (path, contentType, seed) => {
  it("answers 2xx or 4xx and keeps serving", async () => {
    await fc.assert(
      fc.asyncProperty(bodies(seed), fc.boolean(), async (body, gzip) => {
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
});
