import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { hrTimeToMicroseconds } from "@opentelemetry/core";
import { ZipkinExporter } from "@opentelemetry/exporter-zipkin";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { Annotation, BatchRecorder, ExplicitContext, InetAddress, jsonEncoder, Tracer } from "zipkin";
import { HttpLogger } from "zipkin-transport-http";
import { baseUrl } from "./helpers";

/** Real tracers, unchanged, pointed at Tracelight as they would be at Zipkin. */

async function fetchTrace(traceId: string, expectedSpans: number): Promise<Record<string, unknown>[]> {
  // zipkin-js reports on a timer; OTel's forceFlush waits for the 202. Poll briefly for the former.
  for (let attempt = 0; attempt < 50; attempt++) {
    const response = await fetch(`${baseUrl()}/api/v2/trace/${traceId}`);
    if (response.ok) {
      const spans = await response.json();
      if (spans.length >= expectedSpans) return spans;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`trace ${traceId} did not arrive with ${expectedSpans} spans`);
}

// The exporter sends fractional microseconds (its own hrTimeToMicroseconds); Tracelight keeps whole
// microseconds, the precision every other format has, so it stores them rounded.
const micros = (time: [number, number]) => Math.round(hrTimeToMicroseconds(time));

describe("the OpenTelemetry Zipkin exporter", () => {
  it("round-trips every field of a login-like trace and serves it to the trace page", async () => {
    const sent = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ "service.name": "auth-service", "deployment.environment": "test" }),
      spanProcessors: [
        new SimpleSpanProcessor(new ZipkinExporter({ url: `${baseUrl()}/api/v2/spans` })),
        new SimpleSpanProcessor(sent),
      ],
    });
    const tracer = provider.getTracer("login-tests", "1.0.0");
    const root = tracer.startSpan("POST /oauth2/token", {
      kind: SpanKind.SERVER,
      attributes: { "http.method": "POST", "http.status_code": 409 },
    });
    const inRoot = trace.setSpan(context.active(), root);
    const bcrypt = tracer.startSpan("bcrypt.compare", { attributes: { "bcrypt.cost": 12 } }, inRoot);
    bcrypt.addEvent("hash computed", { bytes: 60 });
    bcrypt.end();
    const sql = tracer.startSpan(
      "SELECT users",
      { kind: SpanKind.CLIENT, attributes: { "db.system": "postgresql", "peer.service": "postgres" } },
      inRoot,
    );
    sql.setStatus({ code: SpanStatusCode.ERROR, message: "unique violation" });
    sql.end();
    root.end();
    await provider.forceFlush();
    const finished = sent.getFinishedSpans(); // shutdown() empties the in-memory exporter
    await provider.shutdown();

    const traceId = root.spanContext().traceId;
    const stored = await fetchTrace(traceId, 3);
    const expected = finished.map((span: ReadableSpan) => ({
      traceId,
      id: span.spanContext().spanId,
      ...(span.parentSpanContext ? { parentId: span.parentSpanContext.spanId } : {}),
      ...(span.kind === SpanKind.SERVER
        ? { kind: "SERVER" }
        : span.kind === SpanKind.CLIENT
          ? { kind: "CLIENT" }
          : {}),
      name: span.name,
      timestamp: micros(span.startTime),
      duration: micros(span.duration),
      localEndpoint: { serviceName: "auth-service" },
      ...(span.events.length > 0
        ? { annotations: span.events.map((event) => ({ timestamp: micros(event.time), value: event.name })) }
        : {}),
      tags: {
        ...Object.fromEntries(Object.entries(span.attributes).map(([key, value]) => [key, String(value)])),
        ...(span.status.code === SpanStatusCode.ERROR
          ? { "otel.status_code": "ERROR", error: "unique violation" }
          : {}),
        "deployment.environment": "test",
        "service.name": "auth-service",
      },
    }));
    const byId = (spans: Record<string, unknown>[]) =>
      [...spans].sort((a, b) => String(a.id).localeCompare(String(b.id)));
    expect(byId(stored)).toEqual(byId(expected));

    // The page is drawn in the browser (e2e/) from what /api/trace/{id} answers.
    expect((await fetch(`${baseUrl()}/trace/${traceId}`)).status).toBe(200);
    const { spans } = (await (await fetch(`${baseUrl()}/api/trace/${traceId}`)).json()) as {
      spans: { name: string }[];
    };
    const names = spans.map((span) => span.name);
    for (const name of ["POST /oauth2/token", "bcrypt.compare", "SELECT users"])
      expect(names).toContain(name);
  });
});

describe("zipkin-js with the HTTP transport and JSON v2", () => {
  it("stores a client call with its remote endpoint and a local span", async () => {
    const logger = new HttpLogger({
      endpoint: `${baseUrl()}/api/v2/spans`,
      jsonEncoder: jsonEncoder.JSON_V2,
      httpInterval: 50,
    });
    const tracer = new Tracer({
      ctxImpl: new ExplicitContext(),
      recorder: new BatchRecorder({ logger }),
      localServiceName: "frontend",
    });
    const rootId = tracer.createRootId();
    tracer.letId(rootId, () => {
      tracer.recordServiceName("frontend");
      tracer.recordRpc("GET /api/items");
      tracer.recordAnnotation(new Annotation.ClientSend());
      tracer.recordBinary("http.path", "/api/items");
      tracer.recordAnnotation(new Annotation.ServerAddr({ serviceName: "backend", port: 9000 }));
      tracer.recordAnnotation(new Annotation.ClientRecv());
    });
    tracer.letId(rootId, () => tracer.local("render", () => 42));

    const stored = await fetchTrace(rootId.traceId, 2);
    const call = stored.find((span) => span.kind === "CLIENT");
    expect(call).toMatchObject({
      traceId: rootId.traceId,
      id: rootId.spanId,
      name: "get /api/items",
      localEndpoint: { serviceName: "frontend" },
      remoteEndpoint: { serviceName: "backend", port: 9000 },
      tags: { "http.path": "/api/items" },
    });
    const local = stored.find((span) => span.name === "render");
    expect(local).toMatchObject({ parentId: rootId.spanId, localEndpoint: { serviceName: "frontend" } });
    expect(local).not.toHaveProperty("kind");
  });
});

describe("zipkin-js with the HTTP transport and JSON v1", () => {
  it("stores a server span with its client address, both halves of an RPC and a binary annotation", async () => {
    const logger = new HttpLogger({
      endpoint: `${baseUrl()}/api/v1/spans`,
      jsonEncoder: jsonEncoder.JSON_V1,
      httpInterval: 50,
    });
    const tracer = new Tracer({
      ctxImpl: new ExplicitContext(),
      recorder: new BatchRecorder({ logger }),
      localServiceName: "legacy-gateway",
    });
    const rootId = tracer.createRootId();
    tracer.letId(rootId, () => {
      tracer.recordServiceName("legacy-gateway");
      tracer.recordRpc("POST /orders");
      tracer.recordAnnotation(new Annotation.ServerRecv());
      tracer.recordAnnotation(new Annotation.ClientAddr({ host: new InetAddress("10.1.2.3"), port: 51000 }));
      tracer.recordBinary("http.status_code", "201");
      tracer.recordMessage("validated");
      tracer.recordAnnotation(new Annotation.ServerSend());
    });

    const [stored] = await fetchTrace(rootId.traceId, 1);
    expect(stored).toMatchObject({
      traceId: rootId.traceId,
      id: rootId.spanId,
      kind: "SERVER",
      name: "post /orders",
      localEndpoint: { serviceName: "legacy-gateway" },
      remoteEndpoint: { ipv4: "10.1.2.3", port: 51000 },
      tags: { "http.status_code": "201" },
      annotations: [expect.objectContaining({ value: "validated" })],
    });
    expect(stored?.duration).toEqual(expect.any(Number));
  });
});
