import { createSocket } from "node:dgram";
import { createRequire } from "node:module";
import type { Tracer } from "opentracing";
import { afterEach, describe, expect, it, vi } from "vitest";
import { transcode } from "../../test/agent-datagrams";
import { encodeJaegerBatch } from "../../test/jaeger-encoders";
import { memoryCollector } from "../../test/memory-collector";
import type { Outcome } from "../collector/outcome";
import { normaliseSpans } from "../ingest/door/normalise";
import { decodeAgentDatagram } from "../ingest/jaeger/agent";
import { log } from "../observe/log";
import { AGENT_UDP_DEFAULTS, type AgentSink, type AgentUdpListener, listenAgentUdp } from "./agent-udp";

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

/** A one-span Batch in an emitBatch datagram, in the binary protocol and in the compact one. */
const BINARY_BATCH = binaryEmitBatch(
  encodeJaegerBatch({
    process: { serviceName: "api", tags: [] },
    spans: [
      {
        traceIdLow: "00000000000000a1",
        traceIdHigh: "0000000000000000",
        spanId: "00000000000000b1",
        parentSpanId: "0000000000000000",
        operationName: "get",
        flags: 1,
        startTime: 1_700_000_000_000_000,
        duration: 10,
      },
    ],
  }),
);
const COMPACT_DATAGRAM = transcode(BINARY_BATCH, "binary", "compact");

const listeners: AgentUdpListener[] = [];
async function listen(sink: AgentSink, options = AGENT_UDP_DEFAULTS): Promise<AgentUdpListener> {
  const listener = await listenAgentUdp(0, "127.0.0.1", sink, options);
  listeners.push(listener);
  return listener;
}

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(listeners.splice(0).map((listener) => listener.stop()));
});

describe("listenAgentUdp", () => {
  it("stores the spans of a compact emitBatch datagram, as the collector decodes them", async () => {
    const collector = memoryCollector();
    const listener = await listen(collector);
    expect(listener.port).toBeGreaterThan(0);
    await send(listener.port, [COMPACT_DATAGRAM]);
    await vi.waitFor(() => expect(listener.stats.spans).toBe(1));
    expect(collector.stored).toStrictEqual([normaliseSpans(decodeAgentDatagram(COMPACT_DATAGRAM).spans)]);
    expect(listener.stats).toStrictEqual({ datagrams: 1, spans: 1, dropped: 0 });
  });

  it("stores what a jaeger-client tracer reports through its UDP sender (binary protocol)", async () => {
    const collector = memoryCollector();
    const listener = await listen(collector);
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
    const [charge, pay] = collector.stored.flat();
    expect(pay).toMatchObject({ name: "POST /pay", serviceName: "checkout" });
    expect(charge).toMatchObject({ name: "charge card", parentSpanId: pay?.spanId, traceId: pay?.traceId });
  });

  it("takes compact and binary datagrams on the same port", async () => {
    const collector = memoryCollector();
    const listener = await listen(collector);
    await send(listener.port, [COMPACT_DATAGRAM, BINARY_BATCH]);
    await vi.waitFor(() => expect(listener.stats.spans).toBe(2));
    expect(listener.stats.dropped).toBe(0);
  });

  it("receives a full-size datagram whole", async () => {
    const collector = memoryCollector();
    const listener = await listen(collector);
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
    expect(collector.stored[0]?.[0]?.attributes.payload).toHaveLength(64_000);
  });

  it("stores datagrams that arrive together in one commit", async () => {
    const collector = memoryCollector();
    const listener = await listen(collector, { ...AGENT_UDP_DEFAULTS, flushIntervalMs: 200 });
    await send(
      listener.port,
      Array.from({ length: 40 }, () => COMPACT_DATAGRAM),
    );
    await vi.waitFor(() => expect(listener.stats.spans).toBe(40));
    expect(collector.stored.length).toBeLessThanOrEqual(2);
    expect(collector.stored.flat()).toHaveLength(40);
  });

  it("commits a batch as soon as it holds maxBatchSpans, before the interval", async () => {
    const collector = memoryCollector();
    const listener = await listen(collector, {
      ...AGENT_UDP_DEFAULTS,
      flushIntervalMs: 60_000,
      maxBatchSpans: 3,
    });
    await send(
      listener.port,
      Array.from({ length: 3 }, () => COMPACT_DATAGRAM),
    );
    await vi.waitFor(() => expect(listener.stats.spans).toBe(3));
  });

  it("drops and counts undecodable datagrams, logs them once, and goes on listening", async () => {
    const warn = vi.spyOn(log, "warn").mockImplementation(() => {});
    const collector = memoryCollector();
    const listener = await listen(collector);
    const garbage = Array.from({ length: 30 }, (_, i) => Buffer.from(`not thrift ${i}`));
    await send(listener.port, garbage);
    await vi.waitFor(() => expect(listener.stats.dropped).toBe(30));
    await send(listener.port, [BINARY_BATCH]);
    await vi.waitFor(() => expect(listener.stats.spans).toBe(1));
    expect(listener.stats).toStrictEqual({ datagrams: 31, spans: 1, dropped: 30 });
    expect(collector.stored).toHaveLength(1);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ reason: expect.stringMatching(/^datagram: /) }),
      "Jaeger agent (UDP): dropped an undecodable datagram",
    );
  });

  it("keeps a batch the database cannot take now, and stores it once it can", async () => {
    const collector = memoryCollector();
    let down = true;
    const listener = await listen({
      ...collector,
      storeDecoded: async (request) =>
        down
          ? { kind: "unavailable", message: "database restarting", retryAfterS: 5 }
          : collector.storeDecoded(request),
    });
    await send(listener.port, [COMPACT_DATAGRAM]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(listener.stats.spans).toBe(0);
    down = false;
    await vi.waitFor(() => expect(listener.stats.spans).toBe(1), { timeout: 3_000 });
    expect(listener.stats.dropped).toBe(0);
  });

  it("drops and counts a batch the database refused maxAttempts times", async () => {
    vi.spyOn(log, "warn").mockImplementation(() => {});
    const unavailable: Outcome = { kind: "unavailable", message: "down", retryAfterS: 5 };
    const listener = await listen(
      { ...memoryCollector(), storeDecoded: async () => unavailable },
      { ...AGENT_UDP_DEFAULTS, maxAttempts: 1 },
    );
    await send(listener.port, [COMPACT_DATAGRAM, COMPACT_DATAGRAM]);
    await vi.waitFor(() => expect(listener.stats.dropped).toBe(2));
    expect(listener.stats.spans).toBe(0);
  });

  it("stores a refused batch again datagram by datagram, losing only the refused one", async () => {
    vi.spyOn(log, "warn").mockImplementation(() => {});
    const collector = memoryCollector();
    const listener = await listen(
      {
        ...collector,
        storeDecoded: async (request) =>
          request.spans.some((span) => span.serviceName === "bulk-refused")
            ? { kind: "refused", status: 400, message: "a value PostgreSQL cannot store" }
            : collector.storeDecoded(request),
      },
      { ...AGENT_UDP_DEFAULTS, flushIntervalMs: 200 },
    );
    const one = "0000000000000001";
    const zero = "0000000000000000";
    const refused = binaryEmitBatch(
      encodeJaegerBatch({
        process: { serviceName: "bulk-refused", tags: [] },
        spans: [
          {
            ...{ traceIdLow: one, traceIdHigh: zero, spanId: one, parentSpanId: zero },
            ...{ operationName: "x", flags: 1, startTime: 1_000, duration: 1 },
          },
        ],
      }),
    );
    await send(listener.port, [COMPACT_DATAGRAM, refused, COMPACT_DATAGRAM]);
    await vi.waitFor(() => expect(listener.stats.spans).toBe(2));
    expect(listener.stats.dropped).toBe(1);
  });

  it("drops datagrams past the queue's bound while the store is slow, and counts them", async () => {
    vi.spyOn(log, "warn").mockImplementation(() => {});
    let release = () => {};
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const collector = memoryCollector(() => blocked);
    const listener = await listen(collector, {
      ...AGENT_UDP_DEFAULTS,
      flushIntervalMs: 10,
      maxQueuedSpans: 3,
    });
    await send(listener.port, [COMPACT_DATAGRAM]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await send(
      listener.port,
      Array.from({ length: 5 }, () => COMPACT_DATAGRAM),
    );
    await vi.waitFor(() => expect(listener.stats.dropped).toBe(3));
    release();
    await vi.waitFor(() => expect(listener.stats.spans).toBe(3));
  });

  it("stores what is queued when stopped, waiting for it", async () => {
    let finishStoring = () => {};
    const store = vi.fn(() => new Promise<void>((resolve) => (finishStoring = resolve)));
    const listener = await listenAgentUdp(0, "127.0.0.1", memoryCollector(store));
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
    const first = await listen(memoryCollector());
    await expect(listenAgentUdp(first.port, "127.0.0.1", memoryCollector())).rejects.toThrow(
      new Error("the port is taken"),
    );
    await send(first.port, [COMPACT_DATAGRAM]);
    await vi.waitFor(() => expect(first.stats.spans).toBe(1));
  });
});
