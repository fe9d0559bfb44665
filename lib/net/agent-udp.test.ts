import { createSocket } from "node:dgram";
import { createRequire } from "node:module";
import type { Tracer } from "opentracing";
import { afterEach, describe, expect, it, vi } from "vitest";
import { readFixtureBytes } from "../../test/fixtures";
import { encodeJaegerBatch } from "../../test/jaeger-encoders";
import { decodeAgentDatagram } from "../ingest/jaeger-agent";
import type { Span } from "../model/span";
import { type AgentUdpListener, listenAgentUdp } from "./agent-udp";

const require = createRequire(import.meta.url);
// jaeger-client ships no type declarations for its UDP sender; these are the parts used here.
const UDPSender = require("jaeger-client/dist/src/reporters/udp_sender.js").default as new (options: {
  host: string;
  port: number;
}) => unknown;
const jaegerClient = require("jaeger-client") as {
  Tracer: new (
    serviceName: string,
    reporter: unknown,
    sampler: unknown,
  ) => Tracer & { close(callback: () => void): void };
  RemoteReporter: new (sender: unknown) => unknown;
  ConstSampler: new (decision: boolean) => unknown;
};

const COMPACT_DATAGRAM = readFixtureBytes("otel-dotnet/jaeger-agent-emitBatch-compact.bin");

/** A binary emitBatch message around a Batch: header, argument 1's field header, the Batch, STOP. */
const binaryEmitBatch = (batch: Buffer) =>
  Buffer.concat([
    Buffer.from([0x80, 0x01, 0x00, 0x04, 0, 0, 0, 9]),
    Buffer.from("emitBatch"),
    Buffer.from([0, 0, 0, 0, 0x0c, 0, 1]),
    batch,
    Buffer.from([0]),
  ]);

function send(port: number, datagrams: Buffer[]): Promise<void> {
  const socket = createSocket("udp4");
  return new Promise((resolve, reject) => {
    let left = datagrams.length;
    for (const datagram of datagrams) {
      socket.send(datagram, port, "127.0.0.1", (error) => {
        if (error) reject(error);
        if (--left === 0) socket.close(() => resolve());
      });
    }
  });
}

/** A `store` that keeps what it is given. */
function memoryStore() {
  const stored: Span[][] = [];
  return { stored, store: async (spans: Span[]) => void stored.push(spans) };
}

const listeners: AgentUdpListener[] = [];
async function listen(...args: Parameters<typeof listenAgentUdp>): Promise<AgentUdpListener> {
  const listener = await listenAgentUdp(...args);
  listeners.push(listener);
  return listener;
}

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(listeners.splice(0).map((listener) => listener.stop()));
});

describe("listenAgentUdp", () => {
  it("stores the spans of a compact emitBatch datagram, as decodeAgentDatagram reads them", async () => {
    const { stored, store } = memoryStore();
    const listener = await listen(0, "127.0.0.1", "compact", store);
    expect(listener.port).toBeGreaterThan(0);
    await send(listener.port, [COMPACT_DATAGRAM]);
    await vi.waitFor(() => expect(listener.stats.spans).toBe(1));
    expect(stored).toStrictEqual([decodeAgentDatagram(COMPACT_DATAGRAM, "compact").spans]);
    expect(listener.stats).toStrictEqual({ datagrams: 1, spans: 1, dropped: 0 });
  });

  it("stores what a jaeger-client tracer reports through its UDP sender (binary protocol)", async () => {
    const { stored, store } = memoryStore();
    const listener = await listen(0, "127.0.0.1", "binary", store);
    const sender = new UDPSender({ host: "127.0.0.1", port: listener.port });
    const tracer = new jaegerClient.Tracer(
      "checkout",
      new jaegerClient.RemoteReporter(sender),
      new jaegerClient.ConstSampler(true),
    );
    const root = tracer.startSpan("POST /pay");
    tracer.startSpan("charge card", { childOf: root }).finish();
    root.finish();
    await new Promise<void>((resolve) => tracer.close(resolve));
    await vi.waitFor(() => expect(listener.stats.spans).toBe(2));
    const [charge, pay] = stored.flat();
    expect(pay).toMatchObject({ name: "POST /pay", serviceName: "checkout" });
    expect(charge).toMatchObject({ name: "charge card", parentSpanId: pay?.spanId, traceId: pay?.traceId });
  });

  it("receives a full-size datagram whole", async () => {
    const { stored, store } = memoryStore();
    const listener = await listen(0, "127.0.0.1", "binary", store);
    const tag = { key: "payload", vType: "STRING", vStr: "x".repeat(64_000) };
    const [one, zero] = ["0000000000000001", "0000000000000000"];
    const span = {
      traceIdLow: one,
      traceIdHigh: zero,
      spanId: one,
      parentSpanId: zero,
      operationName: "big",
    };
    const datagram = binaryEmitBatch(
      encodeJaegerBatch({
        process: { serviceName: "bulk", tags: [] },
        spans: [{ ...span, flags: 1, startTime: 1_000, duration: 1, tags: [tag] }],
      }),
    );
    expect(datagram.length).toBeGreaterThan(64_000);
    expect(datagram.length).toBeLessThanOrEqual(65_000);
    await send(listener.port, [datagram]);
    await vi.waitFor(() => expect(listener.stats.spans).toBe(1));
    expect(stored[0]?.[0]?.attributes.payload).toHaveLength(64_000);
  });

  it("drops and counts undecodable datagrams, logs them once, and goes on listening", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { stored, store } = memoryStore();
    const listener = await listen(0, "127.0.0.1", "binary", store);
    const garbage = Array.from({ length: 30 }, (_, i) => Buffer.from(`not thrift ${i}`));
    await send(listener.port, [...garbage, COMPACT_DATAGRAM]);
    await vi.waitFor(() => expect(listener.stats.dropped).toBe(31));
    await send(listener.port, [
      binaryEmitBatch(readFixtureBytes("derived/jaeger-thrift-binary_batch_01.thrift")),
    ]);
    await vi.waitFor(() => expect(listener.stats.spans).toBe(1));
    expect(listener.stats).toStrictEqual({ datagrams: 32, spans: 1, dropped: 31 });
    expect(stored).toHaveLength(1);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(
      /^Jaeger agent \(binary Thrift, UDP\): dropped a datagram: from 127\.0\.0\.1:\d+: datagram: /,
    );
  });

  it("counts and logs a store that fails, and stores the next datagram", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const store = vi
      .fn<(spans: Span[]) => Promise<void>>()
      .mockRejectedValueOnce(new Error("database connection lost"))
      .mockResolvedValue(undefined);
    const listener = await listen(0, "127.0.0.1", "compact", store);
    await send(listener.port, [COMPACT_DATAGRAM]);
    await vi.waitFor(() => expect(listener.stats.dropped).toBe(1));
    await send(listener.port, [COMPACT_DATAGRAM]);
    await vi.waitFor(() => expect(listener.stats.spans).toBe(1));
    expect(listener.stats).toStrictEqual({ datagrams: 2, spans: 1, dropped: 1 });
    expect(warn).toHaveBeenCalledWith(
      "Jaeger agent (compact Thrift, UDP): could not store the spans of a datagram: database connection lost",
    );
  });

  it("waits on stop for the spans being stored", async () => {
    let finishStoring = () => {};
    const store = vi.fn(() => new Promise<void>((resolve) => (finishStoring = resolve)));
    const listener = await listenAgentUdp(0, "127.0.0.1", "compact", store);
    await send(listener.port, [COMPACT_DATAGRAM]);
    await vi.waitFor(() => expect(store).toHaveBeenCalledTimes(1));
    let stopped = false;
    const stopping = listener.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    finishStoring();
    await stopping;
    expect(listener.stats.spans).toBe(1);
  });

  it("rejects with a clear Error when the port is taken, holding nothing open", async () => {
    const first = await listen(0, "127.0.0.1", "compact", memoryStore().store);
    await expect(listenAgentUdp(first.port, "127.0.0.1", "binary", memoryStore().store)).rejects.toThrow(
      new Error("the port is taken"),
    );
    await send(first.port, [COMPACT_DATAGRAM]);
    await vi.waitFor(() => expect(first.stats.spans).toBe(1));
  });
});
