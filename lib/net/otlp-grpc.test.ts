import * as grpc from "@grpc/grpc-js";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-grpc";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import protobuf from "protobufjs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { memoryCollector } from "../../test/memory-collector";
import { expectedCanonical, recordCheckoutTrace } from "../../test/otel-checkout";
import type { Principal } from "../access/access";
import { createAccessControl } from "../access/create-access";
import { createIngestAuth } from "../access/ingest-tokens";
import type { Outcome } from "../collector/outcome";
import { readConfig } from "../config";
import { otlpRequestType } from "../ingest/otlp/proto-schema";
import type { Span } from "../model/span";
import { listenOtlpGrpc, type OtlpGrpcListener } from "./otlp-grpc";

const EXPORT = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
const MAX_MESSAGE_BYTES = 64 * 1024;
const GZIP = { "grpc.default_compression_algorithm": grpc.compressionAlgorithms.gzip };

const listeners: OtlpGrpcListener[] = [];
const clients: grpc.Client[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(listeners.splice(0).map((listener) => listener.stop()));
  vi.restoreAllMocks();
});

/** A listener whose store keeps what it is given, one array per export. */
/** A listener on the collector's decoding, whose store keeps what it is given, one array per export. */
async function serve(store?: (spans: Span[]) => Promise<void>, host = "127.0.0.1") {
  const collector = memoryCollector(store);
  return serveOutcomes(collector.ingest("otlp-proto"), host, collector.stored);
}

async function serveOutcomes(
  ingest: (body: Buffer) => Promise<Outcome>,
  host = "127.0.0.1",
  stored: Span[][] = [],
) {
  const listener = await listenOtlpGrpc(0, host, ingest, MAX_MESSAGE_BYTES);
  listeners.push(listener);
  return { port: listener.port, stored };
}

/** TraceService/Export as a bare grpc-js client sends it: the body bytes as they are. */
function rawExport(port: number, body: Buffer, options: grpc.ClientOptions = {}, client?: grpc.Client) {
  const channel = client ?? new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), options);
  if (!client) clients.push(channel);
  return new Promise<{ error: grpc.ServiceError | null; response?: Buffer }>((resolve) => {
    channel.makeUnaryRequest(
      EXPORT,
      (bytes: Buffer) => bytes,
      (bytes: Buffer) => bytes,
      body,
      (error, response) => resolve({ error, response }),
    );
  });
}

/** An ExportTraceServiceRequest of one "cart" span, with `extra` fields set on the span. */
function exportRequest(extra: Record<string, unknown> = {}): Buffer {
  const type = otlpRequestType();
  const span = {
    traceId: Buffer.from("4bf92f3577b34da6a3ce929d0e0e4736", "hex"),
    spanId: Buffer.from("00f067aa0ba902b7", "hex"),
    name: "GET /cart",
    kind: 2,
    startTimeUnixNano: "1700000000000000000",
    endTimeUnixNano: "1700000000250000000",
    ...extra,
  };
  const resource = { attributes: [{ key: "service.name", value: { stringValue: "cart" } }] };
  const request = { resourceSpans: [{ resource, scopeSpans: [{ spans: [span] }] }] };
  return Buffer.from(type.encode(type.fromObject(request)).finish());
}

/** A google.rpc.Status as gRPC's status details carry it, its RetryInfo details read. */
function decodeRpcStatus(bytes: Buffer) {
  const root = protobuf.parse(`syntax = "proto3";
    message Any { string type_url = 1; bytes value = 2; }
    message Status { int32 code = 1; string message = 2; repeated Any details = 3; }
    message Duration { int64 seconds = 1; int32 nanos = 2; }
    message RetryInfo { Duration retry_delay = 1; }`).root;
  const status = root.lookupType("Status").toObject(root.lookupType("Status").decode(bytes), {
    longs: Number,
  }) as { code: number; message: string; details: { typeUrl: string; value: Uint8Array }[] };
  const retryInfo = root.lookupType("RetryInfo");
  return {
    ...status,
    details: status.details.map(({ typeUrl, value }) => ({
      typeUrl,
      retryDelaySeconds: (
        retryInfo.toObject(retryInfo.decode(value), { longs: Number }) as {
          retryDelay: { seconds: number };
        }
      ).retryDelay.seconds,
    })),
  };
}

const byId = <T extends { spanId: string }>(spans: T[]) =>
  [...spans].sort((a, b) => a.spanId.localeCompare(b.spanId));
const strip = ({ warnings: _warnings, ...span }: Span) => span;

describe.each([
  ["on 127.0.0.1", "127.0.0.1", "http://127.0.0.1"],
  // A container's deployment: TRACELIGHT_HOST 0.0.0.0 and the exporter's http://localhost:4317.
  ["on 0.0.0.0, exported to localhost", "0.0.0.0", "http://localhost"],
])("the OpenTelemetry gRPC exporter %s", (_name, host, baseUrl) => {
  it("stores the checkout tree with its ids, parents, resource, attributes, events and status", async () => {
    const { port, stored } = await serve(undefined, host);
    const sent = await recordCheckoutTrace(new OTLPTraceExporter({ url: `${baseUrl}:${port}` }));
    const spans = stored.flat();
    expect(spans).toHaveLength(5);
    expect(byId(spans.map(strip))).toEqual(byId(sent.map(expectedCanonical)));
    const root = spans.find((span) => span.name === "POST /checkout");
    expect(root?.parentSpanId).toBeUndefined();
    expect(spans.filter((span) => span.parentSpanId === root?.spanId)).toHaveLength(4);
  });
});

describe("listenOtlpGrpc", () => {
  it("refuses garbage with INVALID_ARGUMENT and the decoder's message, then serves the next export", async () => {
    const { port, stored } = await serve();
    const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    clients.push(client);
    const garbage = await rawExport(port, Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]), {}, client);
    expect(garbage.error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(garbage.error?.details).toMatch(/not a protobuf ExportTraceServiceRequest/);

    const good = await rawExport(port, exportRequest(), {}, client);
    expect(good.error).toBeNull();
    expect(stored.flat().map((span) => [span.serviceName, span.name])).toEqual([["cart", "GET /cart"]]);
  });

  it("refuses a span the decoder cannot read with INVALID_ARGUMENT naming the field", async () => {
    const { port, stored } = await serve();
    const { error } = await rawExport(port, exportRequest({ traceId: Buffer.from("0102", "hex") }));
    expect(error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error?.details).toMatch(/resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.traceId/);
    expect(stored).toEqual([]);
  });

  it("reports the decoder's repairs as a partial success that rejects no span", async () => {
    const { port } = await serve();
    const { error, response } = await rawExport(port, exportRequest({ droppedAttributesCount: 3 }));
    expect(error).toBeNull();
    const { partialSuccess } = ProtobufTraceSerializer.deserializeResponse(
      new Uint8Array(response as Buffer),
    );
    expect(partialSuccess?.errorMessage).toBe(
      "stored all spans; repaired 1 (span 00f067aa0ba902b7: sender dropped 3 attributes)",
    );
    expect(Number(partialSuccess?.rejectedSpans ?? 0)).toBe(0); // proto3 leaves the 0 off the wire
  });

  it("accepts gzip-compressed exports", async () => {
    const { port, stored } = await serve();
    const { error } = await rawExport(port, exportRequest(), GZIP);
    expect(error).toBeNull();
    expect(stored.flat()).toHaveLength(1);
  });

  it.each([
    ["as sent", {}],
    ["once gunzipped, though small on the wire", GZIP],
  ])("refuses an export past the size limit %s with RESOURCE_EXHAUSTED", async (_name, options) => {
    const { port, stored } = await serve();
    const body = exportRequest({ name: "x".repeat(MAX_MESSAGE_BYTES) });
    const { error } = await rawExport(port, body, options);
    expect(error?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(stored).toEqual([]);
  });

  it.each([
    ["the database is unavailable", "unavailable", grpc.status.UNAVAILABLE],
    ["Tracelight is busy", "busy", grpc.status.RESOURCE_EXHAUSTED],
  ] as const)("answers when %s with its code and a RetryInfo of the delay", async (_name, kind, code) => {
    const { port } = await serveOutcomes(async () => ({ kind, message: "retry later", retryAfterS: 3 }));
    const { error } = await rawExport(port, exportRequest());
    expect(error?.code).toBe(code);
    expect(error?.details).toBe("retry later");
    const [details] = error?.metadata.get("grpc-status-details-bin") ?? [];
    const status = decodeRpcStatus(details as Buffer);
    expect(status).toMatchObject({ code, message: "retry later" });
    expect(status.details).toEqual([
      { typeUrl: "type.googleapis.com/google.rpc.RetryInfo", retryDelaySeconds: 3 },
    ]);
  });

  it("answers a refusal with INVALID_ARGUMENT and no RetryInfo: a retry cannot help", async () => {
    const { port } = await serveOutcomes(async () => ({ kind: "refused", status: 400, message: "bad span" }));
    const { error } = await rawExport(port, exportRequest());
    expect(error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error?.metadata.get("grpc-status-details-bin")).toEqual([]);
  });

  it("answers only once the store has committed, and stop() lets that export finish", async () => {
    let commit = () => {};
    let storing = () => {};
    const called = new Promise<void>((resolve) => {
      storing = resolve;
    });
    const collector = memoryCollector(() => {
      storing();
      return new Promise<void>((resolve) => {
        commit = resolve;
      });
    });
    const listener = await listenOtlpGrpc(0, "127.0.0.1", collector.ingest("otlp-proto"), MAX_MESSAGE_BYTES);
    let answered = false;
    const exported = rawExport(listener.port, exportRequest()).finally(() => {
      answered = true;
    });
    await called;
    const stopped = listener.stop();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answered).toBe(false);
    commit();
    expect((await exported).error).toBeNull();
    await stopped;
  });

  it("rejects with an error naming the address when the port is taken", async () => {
    const { port } = await serve();
    vi.spyOn(console, "error").mockImplementation(() => {}); // grpc-js logs the failed bind itself
    const ingest = memoryCollector().ingest("otlp-proto");
    await expect(listenOtlpGrpc(port, "127.0.0.1", ingest, MAX_MESSAGE_BYTES)).rejects.toThrow(
      `cannot listen for OTLP/gRPC on 127.0.0.1:${port}: the port is already in use`,
    );
  });
});

describe("listenOtlpGrpc with ingest tokens", () => {
  const TOKEN = "0123456789abcdef0123456789abcdef";
  const auth = createIngestAuth(readConfig({ TRACELIGHT_INGEST_TOKENS: `ci:${TOKEN}` }));

  /** A listener asking for the `ci` token, which keeps the sender it was told of for each export. */
  async function serveWithTokens() {
    const collector = memoryCollector();
    const ingest = collector.ingest("otlp-proto");
    const senders: (Principal | undefined)[] = [];
    const listener = await listenOtlpGrpc(
      0,
      "127.0.0.1",
      (body, sender) => {
        senders.push(sender);
        return ingest(body);
      },
      MAX_MESSAGE_BYTES,
      auth.decide,
    );
    listeners.push(listener);
    return { port: listener.port, stored: collector.stored, senders };
  }

  const bearer = (token: string) => {
    const metadata = new grpc.Metadata();
    metadata.set("authorization", `Bearer ${token}`);
    return metadata;
  };

  it("refuses an export without a token with UNAUTHENTICATED before it reaches the collector", async () => {
    const { port, senders } = await serveWithTokens();
    const { error } = await rawExport(port, exportRequest());
    expect(error?.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(error?.details).toMatch(/needs an ingest token/);
    expect(senders).toEqual([]);
  });

  it("takes the OpenTelemetry exporter's metadata, and names the token to the collector", async () => {
    const { port, stored, senders } = await serveWithTokens();
    await recordCheckoutTrace(
      new OTLPTraceExporter({ url: `http://127.0.0.1:${port}`, metadata: bearer(TOKEN) }),
    );
    expect(stored.flat()).toHaveLength(5);
    expect(senders).not.toHaveLength(0);
    for (const sender of senders) expect(sender).toEqual({ kind: "ingest-token", name: "ci" });
  });

  it("refuses the OpenTelemetry exporter's unknown token, storing nothing", async () => {
    const { port, stored } = await serveWithTokens();
    const exporter = new OTLPTraceExporter({
      url: `http://127.0.0.1:${port}`,
      metadata: bearer(TOKEN.replace("0", "1")),
    });
    const [span] = await recordCheckoutTrace();
    const result = await new Promise<{ code: number; error?: Error }>((resolve) =>
      exporter.export([span as NonNullable<typeof span>], resolve),
    );
    await exporter.shutdown();
    expect(result.code).not.toBe(0);
    expect(result.error?.message).toMatch(/not one of TRACELIGHT_INGEST_TOKENS/);
    expect(stored).toEqual([]);
  });
});

describe("listenOtlpGrpc on an instance whose role takes no spans", () => {
  it("refuses every export with PERMISSION_DENIED naming the role, before it reaches the collector", async () => {
    const config = readConfig({ TRACELIGHT_ROLE: "query", DATABASE_URL: "postgresql://replica/tracelight" });
    const senders: unknown[] = [];
    const ingest = memoryCollector().ingest("otlp-proto");
    const listener = await listenOtlpGrpc(
      0,
      "127.0.0.1",
      (body, sender) => {
        senders.push(sender);
        return ingest(body);
      },
      MAX_MESSAGE_BYTES,
      createAccessControl(config).ingest.decide,
    );
    listeners.push(listener);
    const { error } = await rawExport(listener.port, exportRequest());
    expect(error?.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(error?.details).toBe(
      "this Tracelight instance's role is query: it serves reads only; send spans to an ingest instance",
    );
    expect(senders).toEqual([]);
  });
});
