import { randomBytes } from "node:crypto";
import { createSocket } from "node:dgram";
import * as grpc from "@grpc/grpc-js";
import thrift from "thrift";
import { describe, expect, it } from "vitest";
import { decodeAgentDatagram } from "../../lib/ingest/jaeger/agent";
import { agentMessage, transcode } from "../agent-datagrams";
import { encodeJaegerBatch } from "../jaeger-encoders";
import { baseUrl, uniqueTraceId } from "./helpers";

/**
 * Garbage on every listener the process opens: none of it may crash or stall the server. Each
 * sender gets its protocol's refusal (UDP has none: datagrams are dropped), and afterwards every
 * port still stores a good trace.
 */
const ROUNDS = 100;
const EXPORT = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

async function sendDatagrams(port: number): Promise<void> {
  const socket = createSocket("udp4");
  for (let i = 0; i < ROUNDS; i++) {
    // At least the four bytes a header is written into below.
    const datagram = randomBytes(4 + Math.floor(Math.random() * 2000));
    // Now and then a plausible start: a Thrift message header, then noise.
    if (i % 4 === 0) datagram.set([0x82, 0x81, 0x00, 0x09], 0);
    await new Promise<void>((resolve, reject) =>
      socket.send(datagram, port, "127.0.0.1", (error) => (error ? reject(error) : resolve())),
    );
  }
  socket.close();
}

async function grpcExport(body: Buffer): Promise<grpc.ServiceError | null> {
  const client = new grpc.Client("127.0.0.1:4317", grpc.credentials.createInsecure());
  try {
    return await new Promise((resolve) =>
      client.makeUnaryRequest(
        EXPORT,
        (bytes: Buffer) => bytes,
        (bytes: Buffer) => bytes,
        body,
        (error) => resolve(error),
      ),
    );
  } finally {
    client.close();
  }
}

async function post(url: string, contentType: string, body: Buffer, method = "POST"): Promise<number> {
  const response = await fetch(url, {
    method,
    headers: { "content-type": contentType },
    body: new Uint8Array(body),
  });
  await response.arrayBuffer();
  return response.status;
}

describe("garbage on every listener", () => {
  it("is refused or dropped, and the process keeps storing and answering", { timeout: 60_000 }, async () => {
    await sendDatagrams(6831);
    await sendDatagrams(6832);
    for (let i = 0; i < 20; i++) {
      const noise = randomBytes(1 + Math.floor(Math.random() * 4000));
      expect(await post("http://127.0.0.1:8126/v0.4/traces", "application/msgpack", noise, "PUT")).toBe(400);
      expect(await post("http://127.0.0.1:8126/v0.5/traces", "application/msgpack", noise, "PUT")).toBe(400);
      expect(await post("http://127.0.0.1:9411/api/v2/spans", "application/json", noise)).toBe(400);
      expect(await post("http://127.0.0.1:14268/api/traces", "application/x-thrift", noise)).toBe(400);
      expect(await post("http://127.0.0.1:4318/v1/traces", "application/x-protobuf", noise)).toBe(400);
      expect((await grpcExport(noise))?.code).toBe(grpc.status.INVALID_ARGUMENT);
    }

    expect((await fetch(`${baseUrl()}/api/health`)).status).toBe(200);
    const traceId = uniqueTraceId();
    const good = [
      {
        traceId,
        id: "00000000000000e1",
        name: "after the garbage",
        timestamp: Date.now() * 1000,
        duration: 10,
        localEndpoint: { serviceName: "survivor" },
      },
    ];
    expect(
      await post("http://127.0.0.1:9411/api/v2/spans", "application/json", Buffer.from(JSON.stringify(good))),
    ).toBe(202);
    expect((await fetch(`${baseUrl()}/api/trace/${traceId}`)).status).toBe(200);
    // gRPC still answers a well-formed (empty) export.
    expect(await grpcExport(Buffer.alloc(0))).toBeNull();
    // And the agent's UDP port still stores a good datagram, in the compact protocol tracers use there.
    const udpTrace = uniqueTraceId();
    const batch = encodeJaegerBatch({
      process: { serviceName: "after-garbage", tags: [] },
      spans: [
        {
          traceIdLow: udpTrace.slice(16),
          traceIdHigh: udpTrace.slice(0, 16),
          spanId: "00000000000000b1",
          parentSpanId: "0000000000000000",
          operationName: "still here",
          flags: 1,
          startTime: Date.now() * 1000,
          duration: 10,
        },
      ],
    });
    const datagram = transcode(
      agentMessage("emitBatch", thrift.Thrift.Type.STRUCT, batch),
      "binary",
      "compact",
    );
    expect(decodeAgentDatagram(datagram).spans[0]?.traceId).toBe(udpTrace);
    const socket = createSocket("udp4");
    await new Promise<void>((resolve) => socket.send(datagram, 6831, "127.0.0.1", () => resolve()));
    socket.close();
    await expect
      .poll(async () => (await fetch(`${baseUrl()}/api/trace/${udpTrace}`)).status, { timeout: 5_000 })
      .toBe(200);
  });
});
