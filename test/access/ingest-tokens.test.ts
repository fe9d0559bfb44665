import { createSocket } from "node:dgram";
import { readFileSync } from "node:fs";
import * as grpc from "@grpc/grpc-js";
import { encode } from "@msgpack/msgpack";
import { context, trace } from "@opentelemetry/api";
import { OTLPTraceExporter as OtlpGrpcExporter } from "@opentelemetry/exporter-trace-otlp-grpc";
import { OTLPTraceExporter as OtlpProtoExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { ZipkinExporter } from "@opentelemetry/exporter-zipkin";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, SimpleSpanProcessor, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import { initTracer } from "jaeger-client";
import protobuf from "protobufjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INGEST_TOKEN_KEY } from "../../lib/collector/sender";
import { normaliseTraceId } from "../../lib/model/ids";
import type { Span } from "../../lib/model/span";
import { freePort } from "../../lib/net/free-port";
import { recordCheckoutTrace } from "../otel-checkout";
import { startTestServer, type TestServer } from "../test-server";

/**
 * A Tracelight with ingest tokens (and read tokens, which an ingest token must never stand in for):
 * every ingest route family refuses a sender without a token, in its own protocol's shape, and
 * takes one sent the ways real senders send it; the token's name is on the spans stored and in
 * /metrics; the UDP agent port keeps to loopback.
 */
const CI = "ci-0123456789abcdef0123456789abcdef";
const PROD = "prod-fedcba9876543210fedcba9876543210";
const READ = "read-00112233445566778899aabbccddeeff";

let server: TestServer;
let grpcPort: number;
let udpPort: number;

beforeAll(async () => {
  grpcPort = await freePort();
  udpPort = await freeUdpPort();
  server = await startTestServer(await freePort(), {
    peerPorts: false,
    env: {
      TRACELIGHT_INGEST_TOKENS: `ci:${CI},prod:${PROD}`,
      TRACELIGHT_READ_TOKENS: `grafana:${READ}`,
      TRACELIGHT_OTLP_GRPC_PORT: String(grpcPort),
      TRACELIGHT_JAEGER_COMPACT_PORT: String(udpPort),
      // The test server's HOST is 127.0.0.1, where the agent ports would keep to anyway: an address
      // of their own shows they listen where agentUdpHost says (its unit tests cover the choice).
      TRACELIGHT_UDP_HOST: "127.0.0.2",
    },
  });
});

afterAll(async () => {
  await server?.stop();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const basic = (token: string) => ({
  authorization: `Basic ${Buffer.from(`sender:${token}`).toString("base64")}`,
});
/** What every read here sends: the read token, for when readers are enforced (lib/access/readers.ts). */
const asReader = bearer(READ);

async function storedSpans(traceId: string, expected: number): Promise<Span[]> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const response = await fetch(`${server.baseUrl}/api/trace/${traceId}`, { headers: asReader });
    if (response.ok) {
      const { spans } = (await response.json()) as { spans: Span[] };
      if (spans.length >= expected) return spans;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`trace ${traceId} did not arrive with ${expected} spans`);
}

const tokenNames = (spans: Span[]) => [...new Set(spans.map((span) => span.resource[INGEST_TOKEN_KEY]))];

let sequence = 0;
function zipkinSpan() {
  sequence++;
  const traceId = `${Date.now().toString(16)}${sequence.toString(16)}`.padStart(32, "a").slice(-32);
  return {
    traceId,
    body: JSON.stringify([
      {
        traceId,
        id: "00f067aa0ba902b7",
        name: "get /cart",
        timestamp: Date.now() * 1000,
        duration: 250,
        localEndpoint: { serviceName: "cart" },
      },
    ]),
  };
}

function datadogTrace() {
  const traceId = BigInt(Date.now()) * 1000n + BigInt(++sequence);
  const span = {
    trace_id: traceId,
    span_id: 5n,
    parent_id: 0n,
    name: "job",
    resource: "nightly",
    service: "cron",
  };
  return {
    traceId: traceId.toString(16).padStart(16, "0"),
    body: encode([[{ ...span, start: BigInt(Date.now()) * 1_000_000n, duration: 1_000, error: 0 }]], {
      useBigInt64: true,
    }),
  };
}

/** A google.rpc.Status in protobuf, as OTLP/HTTP answers a refusal. */
function decodeStatus(bytes: Uint8Array): { code: number; message: string } {
  const root = protobuf.parse(`syntax = "proto3";
    message Any { string type_url = 1; bytes value = 2; }
    message Status { int32 code = 1; string message = 2; repeated Any details = 3; }`).root;
  return root.lookupType("Status").toObject(root.lookupType("Status").decode(bytes)) as {
    code: number;
    message: string;
  };
}

/** Every ingest route, as a sender without credentials (or with `headers`) calls it. */
const ROUTES = [
  ["Zipkin v2", "POST", "/api/v2/spans", "application/json"],
  ["Zipkin v1", "POST", "/api/v1/spans", "application/json"],
  ["Jaeger collector", "POST", "/api/traces", "application/x-thrift"],
  ["OTLP/HTTP JSON", "POST", "/v1/traces", "application/json"],
  ["OTLP/HTTP protobuf", "POST", "/v1/traces", "application/x-protobuf"],
  ["Datadog v0.3", "PUT", "/v0.3/traces", "application/json"],
  ["Datadog v0.4", "PUT", "/v0.4/traces", "application/msgpack"],
  ["Datadog v0.5", "POST", "/v0.5/traces", "application/msgpack"],
  ["upload", "POST", "/api/upload", "application/json"],
] as const;

/** What a sender may send that is no ingest token, and what it is told. */
const CREDENTIALS: [string, Record<string, string>, RegExp][] = [
  ["no credentials", {}, /needs an ingest token/],
  ["an unknown token", bearer(`${CI}x`), /not one of TRACELIGHT_INGEST_TOKENS/],
  ["a read token", bearer(READ), /not one of TRACELIGHT_INGEST_TOKENS/],
];

describe("every ingest route family, without a valid ingest token", () => {
  it.each(
    ROUTES.flatMap(([name, method, path, contentType]) =>
      CREDENTIALS.map(
        ([what, headers, message]) => [name, what, method, path, contentType, headers, message] as const,
      ),
    ),
  )(
    "%s refuses %s with 401 in its own shape",
    async (name, _what, method, path, contentType, headers, message) => {
      const response = await fetch(`${server.baseUrl}${path}`, {
        method,
        headers: { "content-type": contentType, ...headers },
        body: zipkinSpan().body,
      });
      expect(response.status).toBe(401);
      const challenge = response.headers.get("www-authenticate");
      // The upload page is a browser's: Basic's challenge would open its password prompt.
      expect(challenge).toBe(
        name === "upload"
          ? 'Bearer realm="tracelight-ingest"'
          : 'Bearer realm="tracelight-ingest", Basic realm="tracelight-ingest"',
      );
      if (path === "/v1/traces" && contentType === "application/x-protobuf") {
        expect(response.headers.get("content-type")).toBe("application/x-protobuf");
        const status = decodeStatus(new Uint8Array(await response.arrayBuffer()));
        expect(status.code).toBe(16);
        expect(status.message).toMatch(message);
      } else if (path === "/v1/traces") {
        expect(await response.json()).toMatchObject({ code: 16, message: expect.stringMatching(message) });
      } else {
        expect(((await response.json()) as { error: string }).error).toMatch(message);
      }
    },
  );

  it("stored nothing, and counted each refusal as unauthenticated", async () => {
    const { traceId } = zipkinSpan();
    expect((await fetch(`${server.baseUrl}/api/trace/${traceId}`, { headers: asReader })).status).toBe(404);
    const metrics = await (await fetch(`${server.baseUrl}/metrics`, { headers: asReader })).text();
    expect(metrics).toMatch(
      /tracelight_ingest_requests_total\{transport="http",format="zipkin-v2-json",outcome="unauthenticated"\} 3/,
    );
    expect(metrics).toMatch(
      /tracelight_ingest_requests_total\{transport="upload",format="trace-file",outcome="unauthenticated"\} 3/,
    );
  });
});

describe("senders with a token", () => {
  it.each([
    ["Bearer", bearer(CI), "ci"],
    ["HTTP basic, the token as the password", basic(PROD), "prod"],
    ["DD-API-KEY, on a Zipkin route too", { "dd-api-key": CI }, "ci"],
  ])("store through Zipkin's API with %s, the token's name on the spans", async (_, headers, name) => {
    const { traceId, body } = zipkinSpan();
    const response = await fetch(`${server.baseUrl}/api/v2/spans`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    });
    expect(response.status).toBe(202);
    expect(tokenNames(await storedSpans(traceId, 1))).toEqual([name]);
  });

  it("store through the Datadog agent API with DD-API-KEY", async () => {
    const { traceId, body } = datadogTrace();
    const response = await fetch(`${server.baseUrl}/v0.4/traces`, {
      method: "PUT",
      headers: { "content-type": "application/msgpack", "dd-api-key": PROD },
      body: Buffer.from(body),
    });
    expect(response.status).toBe(200);
    expect(tokenNames(await storedSpans(traceId, 1))).toEqual(["prod"]);
    // A search by the token's name finds what it stored, and only that.
    const search = (name: string) =>
      fetch(`${server.baseUrl}/api/v2/traces?annotationQuery=tracelight.ingest_token%3D${name}&limit=1000`, {
        headers: asReader,
      }).then(async (found) =>
        ((await found.json()) as { traceId: string }[][]).map(([span]) => span?.traceId),
      );
    expect(await search("prod")).toContain(traceId);
    expect(await search("ci")).not.toContain(traceId);
  });

  it("upload a trace file with a token", async () => {
    const { traceId, body } = zipkinSpan();
    const response = await fetch(`${server.baseUrl}/api/upload`, {
      method: "POST",
      headers: { ...bearer(CI), "content-type": "application/json" },
      body,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ traceIds: [traceId], spanCount: 1 });
    expect(tokenNames(await storedSpans(traceId, 1))).toEqual(["ci"]);
  });

  it("cannot claim another token's name: Tracelight's key is replaced", async () => {
    const { traceId } = zipkinSpan();
    const otlp = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: INGEST_TOKEN_KEY, value: { stringValue: "prod" } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId,
                  spanId: "00f067aa0ba902b7",
                  name: "x",
                  startTimeUnixNano: `${Date.now()}000000`,
                  endTimeUnixNano: `${Date.now()}000001`,
                },
              ],
            },
          ],
        },
      ],
    };
    const response = await fetch(`${server.baseUrl}/v1/traces`, {
      method: "POST",
      headers: { "content-type": "application/json", ...bearer(CI) },
      body: JSON.stringify(otlp),
    });
    expect(response.status).toBe(200);
    expect(tokenNames(await storedSpans(traceId, 1))).toEqual(["ci"]);
  });
});

/** Exports one checkout trace through `exporter` and answers its result. */
async function exportCheckout(
  exporter: SpanExporter,
): Promise<{ traceId: string; code: number; error?: Error }> {
  const spans = await recordCheckoutTrace();
  const result = await new Promise<{ code: number; error?: Error }>((resolve) =>
    exporter.export(spans, resolve),
  );
  await exporter.shutdown();
  return { traceId: spans[0]?.spanContext().traceId as string, ...result };
}

describe("the OpenTelemetry exporters", () => {
  it("OTLP/HTTP protobuf stores with `headers`, and is refused without", async () => {
    const url = `${server.baseUrl}/v1/traces`;
    const refused = await exportCheckout(new OtlpProtoExporter({ url }));
    expect(refused.code).not.toBe(0);
    const sent = await exportCheckout(new OtlpProtoExporter({ url, headers: bearer(PROD) }));
    expect(sent.code).toBe(0);
    expect(tokenNames(await storedSpans(sent.traceId, 5))).toEqual(["prod"]);
  });

  it("OTLP/gRPC stores with `metadata`, and is refused UNAUTHENTICATED without", async () => {
    const url = `http://127.0.0.1:${grpcPort}`;
    const refused = await exportCheckout(new OtlpGrpcExporter({ url }));
    expect(refused.code).not.toBe(0);
    expect(refused.error?.message).toMatch(/UNAUTHENTICATED|needs an ingest token/);
    const metadata = new grpc.Metadata();
    metadata.set("authorization", `Bearer ${CI}`);
    const sent = await exportCheckout(new OtlpGrpcExporter({ url, metadata }));
    expect(sent.code).toBe(0);
    expect(tokenNames(await storedSpans(sent.traceId, 5))).toEqual(["ci"]);
  });

  it("Zipkin stores with `headers`", async () => {
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ "service.name": "auth-service" }),
      spanProcessors: [
        new SimpleSpanProcessor(
          new ZipkinExporter({ url: `${server.baseUrl}/api/v2/spans`, headers: bearer(PROD) }),
        ),
      ],
    });
    const tracer = provider.getTracer("tokens");
    const root = tracer.startSpan("POST /login");
    tracer.startSpan("bcrypt", {}, trace.setSpan(context.active(), root)).end();
    root.end();
    await provider.forceFlush();
    await provider.shutdown();
    expect(tokenNames(await storedSpans(root.spanContext().traceId, 2))).toEqual(["prod"]);
  });
});

describe("jaeger-client's HTTP sender", () => {
  it("stores with its username and password, the token as the password", async () => {
    const tracer = initTracer(
      {
        serviceName: "inventory",
        sampler: { type: "const", param: 1 },
        reporter: {
          collectorEndpoint: `${server.baseUrl}/api/traces`,
          username: "inventory",
          password: CI,
          flushIntervalMs: 50,
        },
      },
      {},
    );
    const root = tracer.startSpan("GET /stock");
    root.finish();
    await new Promise<void>((resolve) => tracer.close(() => resolve()));
    const traceId = normaliseTraceId(root.context().toTraceId());
    if (!traceId.ok) throw new Error(traceId.reason);
    expect(tokenNames(await storedSpans(traceId.id, 1))).toEqual(["ci"]);
  });
});

describe("/metrics", () => {
  it("counts requests and stored spans per token name", async () => {
    const metrics = await (await fetch(`${server.baseUrl}/metrics`, { headers: asReader })).text();
    const stored = (token: string) =>
      Number(
        metrics.match(
          new RegExp(`tracelight_ingest_token_spans_stored_total\\{token="${token}"\\} (\\d+)`),
        )?.[1],
      );
    // ci: Bearer, DD-API-KEY, the upload, the claim, gRPC's 5, jaeger-client's 1; prod: basic, Datadog, OTLP's 5, Zipkin's 2.
    expect(stored("ci")).toBeGreaterThanOrEqual(10);
    expect(stored("prod")).toBeGreaterThanOrEqual(9);
    expect(metrics).toMatch(/tracelight_ingest_token_requests_total\{token="ci",outcome="stored"\} \d+/);
    expect(metrics).toMatch(
      /tracelight_ingest_requests_total\{transport="grpc",format="otlp-proto",outcome="unauthenticated"\} 1/,
    );
    expect(metrics).not.toContain(CI);
  });
});

describe("read routes", () => {
  const read = (headers: Record<string, string>) => fetch(`${server.baseUrl}/api/v2/services`, { headers });

  it("answer an ingest token as they answer no credentials: it opens nothing", async () => {
    const anonymous = (await read({})).status;
    expect((await read(bearer(CI))).status).toBe(anonymous);
    expect((await read(basic(CI))).status).toBe(anonymous);
    expect((await read({ "dd-api-key": CI })).status).toBe(anonymous);
  });

  it("refuse an ingest token with 401 once read tokens are enforced", async (test) => {
    // TRACELIGHT_READ_TOKENS is set above; until lib/access/readers.ts enforces it, reads are open.
    if ((await read({})).status === 200) test.skip();
    expect((await read(bearer(CI))).status).toBe(401);
    expect((await read(bearer(READ))).status).toBe(200);
  });
});

describe("the Jaeger agent's UDP port", () => {
  it("listens where agentUdpHost says, not where HOST does", () => {
    expect(udpListeners(udpPort)).toEqual(["127.0.0.2"]);
  });
});

/** The addresses UDP sockets listen on at `port` (/proc/net/udp, IPv4). */
function udpListeners(port: number): string[] {
  return readFileSync("/proc/net/udp", "utf8")
    .split("\n")
    .slice(1)
    .map((line) => line.trim().split(/\s+/)[1])
    .filter(
      (local): local is string =>
        local?.endsWith(`:${port.toString(16).toUpperCase().padStart(4, "0")}`) ?? false,
    )
    .map((local) => {
      const hex = local.split(":")[0] as string;
      return [3, 2, 1, 0].map((i) => Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16)).join(".");
    });
}

function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket("udp4");
    socket.once("error", reject);
    socket.bind(0, "127.0.0.1", () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}
