import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { otlpRequestType } from "../../lib/ingest/otlp/proto-schema";
import { freePort } from "../../lib/net/free-port";
import { type RestartablePostgres, startRestartablePostgres } from "../restartable-postgres";
import { wideZipkinTrace } from "../spans";
import { startTestServer, type TestServer } from "../test-server";

/**
 * PostgreSQL restarted under load, twice, while Zipkin (HTTP) and OTLP/gRPC senders post without
 * pause: every span acknowledged is stored, a request is stored whole or not at all, every request
 * that failed got an answer a sender retries (HTTP 503/429 with Retry-After, gRPC UNAVAILABLE or
 * RESOURCE_EXHAUSTED), never a 500, and Tracelight itself never stopped answering.
 */
const SPANS_PER_REQUEST = 5;
const EXPORT = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

type Result =
  | { traceId: string; acknowledged: true }
  | { traceId: string; acknowledged: false; answer: string; retryable: boolean };

let postgres: RestartablePostgres;
let server: TestServer;
let grpcPort: number;

beforeAll(async () => {
  postgres = await startRestartablePostgres();
  grpcPort = await freePort();
  server = await startTestServer(await freePort(), {
    peerPorts: false,
    databaseUrl: postgres.url,
    env: { TRACELIGHT_OTLP_GRPC_PORT: String(grpcPort) },
  });
});

afterAll(async () => {
  await server?.stop();
  await postgres?.remove();
});

let sequence = 0;
const nextTraceId = () => `d8d8${(++sequence).toString(16).padStart(28, "0")}`;

async function postZipkin(): Promise<Result> {
  const traceId = nextTraceId();
  const spans = wideZipkinTrace(traceId, SPANS_PER_REQUEST, "restart-http");
  const response = await fetch(`${server.baseUrl}/api/v2/spans`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(spans),
  });
  await response.arrayBuffer();
  if (response.status === 202) return { traceId, acknowledged: true };
  const retryAfter = Number(response.headers.get("retry-after"));
  return {
    traceId,
    acknowledged: false,
    answer: `HTTP ${response.status}`,
    retryable: (response.status === 503 || response.status === 429) && retryAfter > 0,
  };
}

function exportGrpc(client: grpc.Client): Promise<Result> {
  const traceId = nextTraceId();
  const type = otlpRequestType();
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  const spans = Array.from({ length: SPANS_PER_REQUEST }, (_, i) => ({
    traceId: Buffer.from(traceId, "hex"),
    spanId: Buffer.from((i + 1).toString(16).padStart(16, "0"), "hex"),
    ...(i > 0 ? { parentSpanId: Buffer.from("0000000000000001", "hex") } : {}),
    name: `step ${i}`,
    kind: 2,
    startTimeUnixNano: String(nowNs + BigInt(i)),
    endTimeUnixNano: String(nowNs + 100_000n),
  }));
  const resource = { attributes: [{ key: "service.name", value: { stringValue: "restart-grpc" } }] };
  const body = Buffer.from(
    type.encode(type.fromObject({ resourceSpans: [{ resource, scopeSpans: [{ spans }] }] })).finish(),
  );
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      EXPORT,
      (bytes: Buffer) => bytes,
      (bytes: Buffer) => bytes,
      body,
      { deadline: Date.now() + 30_000 },
      (error) => {
        if (!error) return resolve({ traceId, acknowledged: true });
        const retryable =
          error.code === grpc.status.UNAVAILABLE || error.code === grpc.status.RESOURCE_EXHAUSTED;
        resolve({ traceId, acknowledged: false, answer: `gRPC ${grpc.status[error.code]}`, retryable });
      },
    );
  });
}

/** Sends with `send` back to back until `running()` is false; every result, in order. */
async function loop(send: () => Promise<Result>, running: () => boolean): Promise<Result[]> {
  const results: Result[] = [];
  while (running()) {
    results.push(await send());
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return results;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("PostgreSQL restarted under load", () => {
  it("loses no acknowledged span, stores none half, and answers every failure retryably", async () => {
    const client = new grpc.Client(`127.0.0.1:${grpcPort}`, grpc.credentials.createInsecure());
    let running = true;
    const senders = Promise.all([
      loop(postZipkin, () => running),
      loop(postZipkin, () => running),
      loop(
        () => exportGrpc(client),
        () => running,
      ),
    ]);
    await pause(1_500);
    await postgres.stop();
    await pause(2_000); // down: every request meanwhile must be turned away retryably
    await postgres.start();
    await pause(1_500);
    await postgres.stop();
    await postgres.start(); // a quick restart: connections the pools hold are all dead now
    await pause(1_500);
    running = false;
    const bySender = await senders;
    const results = bySender.flat();
    client.close();

    const failed = results.filter((result) => !result.acknowledged);
    expect(failed.filter((result) => !result.retryable)).toEqual([]);
    expect(failed.length).toBeGreaterThan(0);
    // Serving again after the restarts, on every transport: how many requests fit in the outage
    // against the uptime depends on the machine's load, so no ratio is asserted.
    for (const sent of bySender) expect(sent.at(-1)?.acknowledged).toBe(true);

    // Every trace sent: whole if acknowledged; whole or absent otherwise (a commit whose answer was
    // lost with its connection counts as stored, and a retry would store it once).
    const ids = results.map((result) => result.traceId);
    const { default: pg } = await import("pg");
    const reader = new pg.Client({ connectionString: postgres.url });
    await reader.connect();
    const { rows } = await reader.query<{ trace_id: string; n: number }>(
      "SELECT trace_id, count(*)::int AS n FROM spans WHERE trace_id = ANY($1) GROUP BY trace_id",
      [ids],
    );
    await reader.end();
    const stored = new Map(rows.map((row) => [row.trace_id, row.n]));
    for (const result of results) {
      if (result.acknowledged) expect(stored.get(result.traceId)).toBe(SPANS_PER_REQUEST);
      else expect([undefined, SPANS_PER_REQUEST]).toContain(stored.get(result.traceId));
    }
    expect((await fetch(`${server.baseUrl}/api/health`)).status).toBe(200);
  });
});
