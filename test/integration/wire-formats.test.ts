import { deflateSync, gzipSync } from "node:zlib";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { describe, expect, it } from "vitest";
import { decodeJaegerThrift } from "../../lib/ingest/jaeger/thrift";
import { decodeOtlpJson } from "../../lib/ingest/otlp/json";
import { decodeOtlpProto } from "../../lib/ingest/otlp/proto";
import { decodeZipkinProto3 } from "../../lib/ingest/zipkin/proto3";
import { decodeZipkinV1Json, decodeZipkinV1Thrift } from "../../lib/ingest/zipkin/v1";
import type { Span } from "../../lib/model/span";
import { everyFieldBatch } from "../agent-datagrams";
import { readFixture, readFixtureBytes } from "../fixtures";
import { recordCheckoutTrace } from "../otel-checkout";
import { readTestData, readTestDataBytes } from "../test-data";
import {
  encodeZipkinProto3,
  encodeZipkinV1Thrift,
  parseThriftJson,
  readThriftJsonFixture,
} from "../zipkin-encoders";
import { baseUrl, countSpans, query } from "./helpers";

/**
 * Every wire format through the real server with the foundation's guarantees: gzip and deflate
 * bodies, a request stored whole and once however often it is sent, refusals that store nothing.
 */
interface Case {
  name: string;
  path: string;
  contentType: string;
  /** Read when its test runs: the corpus may be absent. */
  body: () => Buffer | Promise<Buffer>;
  decode: (body: Buffer) => { spans: Span[] };
  status: number;
}

/** One real body of each format, from the corpus. */
const CORPUS_CASES: Case[] = [
  {
    name: "Zipkin v1 JSON",
    path: "/api/v1/spans",
    contentType: "application/json",
    body: () => readFixtureBytes("otel-collector/zipkin_v1_single_batch.json"),
    decode: (body) => decodeZipkinV1Json(JSON.parse(body.toString())),
    status: 202,
  },
  {
    name: "Zipkin v1 Thrift",
    path: "/api/v1/spans",
    contentType: "application/x-thrift",
    body: () =>
      encodeZipkinV1Thrift(readThriftJsonFixture("otel-collector/zipkin_v1_thrift_single_batch.json")),
    decode: decodeZipkinV1Thrift,
    status: 202,
  },
  {
    name: "Zipkin v2 proto3",
    path: "/api/v2/spans",
    contentType: "application/x-protobuf",
    body: () => encodeZipkinProto3(readFixture("jaeger/collector-zipkin/zipkin_proto_02.json") as object),
    decode: decodeZipkinProto3,
    status: 202,
  },
  {
    name: "Jaeger Thrift",
    path: "/api/traces",
    contentType: "application/vnd.apache.thrift.binary",
    body: () => readFixtureBytes("derived/jaeger-thrift-binary_a155f674f00b1dce_p2.thrift"),
    decode: decodeJaegerThrift,
    status: 202,
  },
  {
    name: "OTLP protobuf",
    path: "/v1/traces",
    contentType: "application/x-protobuf",
    body: () => readFixtureBytes("otlp2parquet/traces.pb"),
    decode: decodeOtlpProto,
    status: 200,
  },
  {
    name: "OTLP JSON",
    path: "/v1/traces",
    contentType: "application/json",
    body: () => readFixtureBytes("jaeger/mcp-skills/error_timeout_masked.json"),
    decode: (body) => decodeOtlpJson(JSON.parse(body.toString())),
    status: 200,
  },
];

/** One body of each format the project holds or makes: test/data's files, encoders' output. */
const CASES: Case[] = [
  {
    name: "Zipkin v1 JSON",
    path: "/api/v1/spans",
    contentType: "application/json",
    body: () => readTestDataBytes("zipkin-v1-checkout.json"),
    decode: (body) => decodeZipkinV1Json(JSON.parse(body.toString())),
    status: 202,
  },
  {
    name: "Zipkin v1 Thrift",
    path: "/api/v1/spans",
    contentType: "application/x-thrift",
    body: () => encodeZipkinV1Thrift(parseThriftJson(readTestDataBytes("zipkin-v1-thrift-checkout.json"))),
    decode: decodeZipkinV1Thrift,
    status: 202,
  },
  {
    name: "Zipkin v2 proto3",
    path: "/api/v2/spans",
    contentType: "application/x-protobuf",
    body: () => encodeZipkinProto3(readTestData("zipkin-proto3-checkout.json") as object),
    decode: decodeZipkinProto3,
    status: 202,
  },
  {
    name: "Jaeger Thrift",
    path: "/api/traces",
    contentType: "application/vnd.apache.thrift.binary",
    body: everyFieldBatch,
    decode: decodeJaegerThrift,
    status: 202,
  },
  {
    name: "OTLP protobuf",
    path: "/v1/traces",
    contentType: "application/x-protobuf",
    body: async () =>
      Buffer.from(ProtobufTraceSerializer.serializeRequest(await recordCheckoutTrace()) ?? []),
    decode: decodeOtlpProto,
    status: 200,
  },
  {
    name: "OTLP JSON",
    path: "/v1/traces",
    contentType: "application/json",
    body: () => readTestDataBytes("otlp-checkout.json"),
    decode: (body) => decodeOtlpJson(JSON.parse(body.toString())),
    status: 200,
  },
];

function post(path: string, contentType: string, body: Buffer, encoding?: "gzip" | "deflate") {
  const encoded = encoding === "gzip" ? gzipSync(body) : encoding === "deflate" ? deflateSync(body) : body;
  return fetch(`${baseUrl()}${path}`, {
    method: "POST",
    headers: { "content-type": contentType, ...(encoding ? { "content-encoding": encoding } : {}) },
    body: new Uint8Array(encoded),
  });
}

/**
 * How many rows hold these spans (their whole storage key), one each when stored once. Other tests
 * store the same fixtures, and the fuzz test mutated copies of them: the same ids at other times.
 */
async function storedSpans(spans: Span[]): Promise<number> {
  const [row] = await query<{ n: number }>(
    `SELECT count(*)::int AS n FROM spans s
      JOIN unnest($1::text[], $2::text[], $3::boolean[], $4::bigint[]) AS k(trace_id, span_id, shared, start_us)
        ON s.trace_id = k.trace_id AND s.span_id = k.span_id AND s.shared = k.shared AND s.start_us = k.start_us`,
    [
      spans.map((span) => span.traceId),
      spans.map((span) => span.spanId),
      spans.map((span) => span.shared === true),
      spans.map((span) => span.startUs),
    ],
  );
  return row?.n ?? 0;
}

/** A body stored whole and once, gzip or deflated; cut short, refused and stored not at all. */
function expectStoredOnceOrRefused({ path, contentType, body: read, decode, status }: Case) {
  it("stores a gzip body, then the same deflated, once", async () => {
    const body = await read();
    const { spans } = decode(body);
    for (const encoding of ["gzip", "deflate"] as const) {
      const response = await post(path, contentType, body, encoding);
      expect(response.status, await response.text()).toBe(status);
    }
    expect(await storedSpans(spans)).toBe(spans.length);
  });

  it("refuses a body cut short with a 400 and stores none of it", async () => {
    const body = await read();
    const before = await countSpans();
    const response = await post(path, contentType, body.subarray(0, Math.floor(body.length / 2)));
    expect(response.status).toBe(400);
    expect(await countSpans()).toBe(before);
  });
}

describe.each(CASES)("$name", expectStoredOnceOrRefused);
describe.each(CORPUS_CASES)("$name of the corpus", { tags: ["corpus"] }, expectStoredOnceOrRefused);

describe("OTLP/HTTP answers", () => {
  const span = (kind: number) => ({
    traceId: "5b8efff798038103d269b633813fc60c",
    spanId: kind === 2 ? "eee19b7ec3c1b174" : "eee19b7ec3c1b175",
    name: "GET /cart",
    kind,
    startTimeUnixNano: "1700000000000000000",
    endTimeUnixNano: "1700000000250000000",
  });
  const request = (
    kinds: number[],
    resource = { attributes: [{ key: "service.name", value: { stringValue: "cart" } }] },
  ) =>
    Buffer.from(JSON.stringify({ resourceSpans: [{ resource, scopeSpans: [{ spans: kinds.map(span) }] }] }));

  it("reports what it repaired as a partial success that rejects nothing", async () => {
    const response = await post("/v1/traces", "application/json", request([2], { attributes: [] }));
    expect(response.status).toBe(200);
    const answer = (await response.json()) as {
      partialSuccess: { rejectedSpans?: string; errorMessage: string };
    };
    expect(Number(answer.partialSuccess.rejectedSpans ?? 0)).toBe(0);
    expect(answer.partialSuccess.errorMessage).toMatch(/unknown_service/);
  });

  it("refuses a request with one bad span whole, with a 400 Status naming it", async () => {
    const before = await countSpans();
    const response = await post("/v1/traces", "application/json", request([3, 9]));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(/spans\[1\]\.kind/);
    expect(await countSpans()).toBe(before);
  });

  it("answers a body past the limit once decompressed with 413, never a retryable status", async () => {
    const huge = request([2])
      .toString()
      .replace("GET /cart", "x".repeat(17 * 1024 * 1024));
    const response = await post("/v1/traces", "application/json", Buffer.from(huge), "gzip");
    expect(response.status).toBe(413);
  });
});

describe("POST /api/upload", () => {
  const upload = (body: Buffer | string, contentType = "application/json") =>
    fetch(`${baseUrl()}/api/upload`, {
      method: "POST",
      headers: { "content-type": contentType },
      body: body.toString(),
    });

  it("stores a Jaeger UI download and answers with its trace id", { tags: ["corpus"] }, async () => {
    const response = await upload(readFixtureBytes("stalk/jaeger-hotrod.json"), "application/json");
    expect(response.status).toBe(200);
    const { traceIds, spanCount } = (await response.json()) as { traceIds: string[]; spanCount: number };
    expect(spanCount).toBe(51);
    expect(traceIds).toHaveLength(1);
    const trace = (await (await fetch(`${baseUrl()}/api/trace/${traceIds[0]}`)).json()) as { spans: Span[] };
    expect(trace.spans).toHaveLength(51);
    expect(new Set(trace.spans.map((span) => span.serviceName))).toEqual(
      new Set(["frontend", "customer", "mysql", "driver", "redis", "route"]),
    );
  });

  it("stores a Jaeger JSON file of test/data and answers with its trace id", async () => {
    const response = await upload(readTestDataBytes("jaeger-checkout.json"), "application/json");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      traceIds: ["9f3e2d1c0b0a09080706050403020100"],
      spanCount: 3,
    });
    const trace = (await (await fetch(`${baseUrl()}/api/trace/9f3e2d1c0b0a09080706050403020100`)).json()) as {
      spans: Span[];
    };
    expect(new Set(trace.spans.map((span) => span.serviceName))).toEqual(new Set(["frontend", "mailer"]));
  });

  it("stores OTLP JSON lines of test/data, one request per line", async () => {
    const response = await upload(readTestDataBytes("otlp-checkout.jsonl"), "application/x-ndjson");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      traceIds: ["4bf92f3577b34da6a3ce929d0e0e4736"],
      spanCount: 3,
    });
  });

  it("stores OTLP JSON lines, one trace per line here", { tags: ["corpus"] }, async () => {
    const response = await upload(readFixtureBytes("otlp2parquet/traces.jsonl"), "application/x-ndjson");
    expect(response.status).toBe(200);
    expect(((await response.json()) as { traceIds: string[] }).traceIds).toHaveLength(19);
  });

  it("refuses a file of no known format with a 400 saying what it takes", async () => {
    const response = await upload('{"hello": "world"}');
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/Jaeger JSON.*Zipkin.*OTLP/);
  });
});
