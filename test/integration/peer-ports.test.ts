import { context, trace } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-grpc";
import { ZipkinExporter } from "@opentelemetry/exporter-zipkin";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import * as jaeger from "jaeger-client";
import { initTracer } from "jaeger-client";
import { describe, expect, it } from "vitest";
import { runTestTracer } from "../datadog-tracer";
import { baseUrl, uniqueTraceId } from "./helpers";

/**
 * The peers' well-known ports, with the senders' defaults unchanged: the test server listens on them
 * as `npm start` does (the test machine runs one Tracelight at a time).
 */
async function storedSpans(traceId: string, expected: number): Promise<{ name: string }[]> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const response = await fetch(`${baseUrl()}/api/trace/${traceId}`);
    if (response.ok) {
      const { spans } = (await response.json()) as { spans: { name: string }[] };
      if (spans.length >= expected) return spans;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`trace ${traceId} did not arrive with ${expected} spans`);
}

interface Closable {
  close(callback: () => void): void;
}

describe("the peers' ports", () => {
  it("take the OpenTelemetry Zipkin exporter at its default address, :9411", async () => {
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ "service.name": `zipkin-default-${uniqueTraceId().slice(-6)}` }),
      spanProcessors: [new SimpleSpanProcessor(new ZipkinExporter())],
    });
    const tracer = provider.getTracer("peer-ports");
    const root = tracer.startSpan("checkout");
    tracer.startSpan("charge", {}, trace.setSpan(context.active(), root)).end();
    root.end();
    const { traceId } = root.spanContext();
    await provider.forceFlush();
    await provider.shutdown();
    expect((await storedSpans(traceId, 2)).map((span) => span.name).sort()).toEqual(["charge", "checkout"]);
  });

  it("take the OpenTelemetry OTLP gRPC exporter at its default address, :4317", async () => {
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ "service.name": `grpc-default-${uniqueTraceId().slice(-6)}` }),
      spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter())],
    });
    const tracer = provider.getTracer("peer-ports");
    const root = tracer.startSpan("checkout");
    tracer.startSpan("reserve", {}, trace.setSpan(context.active(), root)).end();
    root.end();
    await provider.forceFlush();
    await provider.shutdown();
    const spans = await storedSpans(root.spanContext().traceId, 2);
    expect(spans.map((span) => span.name).sort()).toEqual(["checkout", "reserve"]);
  });

  it("take jaeger-client's spans over its default UDP agent sender, and its sampler's strategy", async () => {
    const serviceName = `udp-default-${uniqueTraceId().slice(-6)}`;
    // The agent and the sampler at jaeger-client's default addresses (localhost UDP, localhost:5778).
    // The sampler starts by sampling nothing and polls often: a span is sampled, so sent, only once
    // the strategy from :5778 (everything) has arrived.
    const tracer = initTracer(
      {
        serviceName,
        sampler: { type: "remote", param: 0, refreshIntervalMs: 100 },
        reporter: { flushIntervalMs: 50 },
      },
      {},
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const root = tracer.startSpan("checkout");
    tracer.startSpan("reserve", { childOf: root }).finish();
    root.finish();
    const traceId = (root.context() as unknown as { toTraceId(): string }).toTraceId();
    await new Promise<void>((resolve) => tracer.close(() => resolve()));
    const spans = await storedSpans(traceId.padStart(16, "0"), 2);
    expect(spans.map((span) => span.name).sort()).toEqual(["checkout", "reserve"]);
  });

  it("take dd-trace with only its hostname set, at the agent's default port, :8126", {
    timeout: 30_000,
  }, async () => {
    const recorded = await runTestTracer("hostname=127.0.0.1", "0.4");
    const traceId = recorded[0]?.traceId as string;
    expect(await storedSpans(traceId, recorded.length)).toHaveLength(recorded.length);
    const info = await fetch("http://127.0.0.1:8126/info");
    expect(info.status).toBe(200);
  });

  it("serve Jaeger remote sampling to jaeger-client's sampler at its default, :5778/sampling", async () => {
    // Not in @types/jaeger-client, but exported by the library and what its tracer builds from config.
    const { RemoteSampler } = jaeger as unknown as {
      RemoteSampler: new (service: string, options: object) => Closable;
    };
    const updated = await new Promise<unknown>((resolve, reject) => {
      const sampler = new RemoteSampler("checkout", {
        // The first poll comes at a random point of the first interval.
        refreshInterval: 200,
        onSamplerUpdate: (next: unknown) => sampler.close(() => resolve(next)),
      });
      setTimeout(() => reject(new Error("the sampler never heard from :5778")), 10_000).unref();
    });
    expect((updated as { _samplingRate?: number })._samplingRate).toBe(1);
  });

  it("answer the legacy sampling endpoint with numeric enums, and /api/sampling on the main port", async () => {
    const legacy = await (await fetch("http://127.0.0.1:5778/?service=checkout")).json();
    expect(legacy).toEqual({ strategyType: 0, probabilisticSampling: { samplingRate: 1 } });
    const api = await (await fetch(`${baseUrl()}/api/sampling?service=checkout`)).json();
    expect(api).toEqual({ strategyType: "PROBABILISTIC", probabilisticSampling: { samplingRate: 1 } });
    expect((await fetch(`${baseUrl()}/api/sampling`)).status).toBe(400);
    expect((await fetch("http://127.0.0.1:5778/sampling")).status).toBe(400);
  });
});
