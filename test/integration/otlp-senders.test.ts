import type { HrTime } from "@opentelemetry/api";
import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { OTLPTraceExporter as OtlpJsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as OtlpProtoExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanExporter,
} from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import type { Span } from "../../lib/model/span";
import { baseUrl } from "./helpers";

/**
 * The OpenTelemetry JS SDK with its OTLP/HTTP exporters, JSON and protobuf, pointed at Tracelight as
 * at a collector. Every attribute type, event, link, status, kind, the resource and the scope must
 * come back from the canonical read exactly as the SDK recorded them.
 */

const KINDS = ["INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER"] as const;
// OTLP carries nanoseconds; Tracelight keeps whole microseconds, rounded.
const micros = ([seconds, nanos]: HrTime) => seconds * 1_000_000 + Math.round(nanos / 1000);

async function sendCheckoutTrace(exporter: SpanExporter): Promise<ReadableSpan[]> {
  const recorded = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": "checkout", "host.cores": 2, "k8s.pod.ready": true }),
    spanProcessors: [new SimpleSpanProcessor(exporter), new SimpleSpanProcessor(recorded)],
  });
  const tracer = provider.getTracer("checkout-tests", "2.1.0");
  const root = tracer.startSpan("POST /checkout", {
    kind: SpanKind.SERVER,
    attributes: {
      "http.request.method": "POST",
      "http.response.status_code": 502,
      "cart.total": 129.95,
      "cart.express": false,
      "cart.items": ["sku-1", "sku-2"],
      "cart.quantities": [1, 3],
      "cart.flags": [true, false],
    },
  });
  const inRoot = trace.setSpan(context.active(), root);
  const charge = tracer.startSpan(
    "charge card",
    {
      kind: SpanKind.CLIENT,
      attributes: { "peer.service": "payments", "retry.count": 2 },
      links: [{ context: root.spanContext(), attributes: { "link.reason": "retry of" } }],
    },
    inRoot,
  );
  charge.addEvent("retrying", { attempt: 2, "backoff.ms": 12.5 });
  charge.setStatus({ code: SpanStatusCode.ERROR, message: "card declined" });
  charge.end();
  tracer.startSpan("publish order", { kind: SpanKind.PRODUCER }, inRoot).end();
  tracer.startSpan("consume order", { kind: SpanKind.CONSUMER }, inRoot).end();
  tracer.startSpan("render receipt", {}, inRoot).end();
  root.setStatus({ code: SpanStatusCode.OK });
  root.end();
  await provider.forceFlush();
  const finished = recorded.getFinishedSpans();
  await provider.shutdown();
  return finished;
}

function expectedSpan(span: ReadableSpan): Omit<Span, "warnings"> {
  const status =
    span.status.code === SpanStatusCode.ERROR
      ? { code: "ERROR", message: span.status.message }
      : { code: span.status.code === SpanStatusCode.OK ? "OK" : "UNSET" };
  const peer = span.attributes["peer.service"];
  return {
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    ...(span.parentSpanContext ? { parentSpanId: span.parentSpanContext.spanId } : {}),
    name: span.name,
    kind: KINDS[span.kind],
    serviceName: "checkout",
    ...(typeof peer === "string" ? { remoteServiceName: peer } : {}),
    startUs: micros(span.startTime),
    durationUs: micros(span.endTime) - micros(span.startTime),
    status: status as Span["status"],
    attributes: { ...span.attributes } as Span["attributes"],
    resource: { ...span.resource.attributes } as Span["resource"],
    events: span.events.map((event) => ({
      timeUs: micros(event.time),
      name: event.name,
      ...(event.attributes ? { attributes: { ...event.attributes } as Span["attributes"] } : {}),
    })),
    links: span.links.map((link) => ({
      traceId: link.context.traceId,
      spanId: link.context.spanId,
      type: "LINK" as const,
      ...(link.attributes ? { attributes: { ...link.attributes } as Span["attributes"] } : {}),
    })),
    scope: { name: "checkout-tests", version: "2.1.0" },
  };
}

async function fetchCanonical(traceId: string): Promise<Span[]> {
  const response = await fetch(`${baseUrl()}/api/trace/${traceId}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { spans: Span[] }).spans;
}

const byId = <T extends { spanId: string }>(spans: T[]) =>
  [...spans].sort((a, b) => a.spanId.localeCompare(b.spanId));

describe.each([
  ["OTLP/HTTP JSON", () => new OtlpJsonExporter({ url: `${baseUrl()}/v1/traces` })],
  ["OTLP/HTTP protobuf", () => new OtlpProtoExporter({ url: `${baseUrl()}/v1/traces` })],
])("the OpenTelemetry %s exporter", (_name, createExporter) => {
  it("round-trips every attribute type, event, link, status, kind, resource and scope", async () => {
    const sent = await sendCheckoutTrace(createExporter());
    const traceId = sent[0]?.spanContext().traceId as string;
    const stored = await fetchCanonical(traceId);
    expect(stored).toHaveLength(5);
    const strip = ({ warnings: _warnings, ...span }: Span) => span;
    expect(byId(stored.map(strip))).toEqual(byId(sent.map(expectedSpan)));

    // The Zipkin API serves the same spans, attributes as tags and events as annotations.
    const zipkin = (await (await fetch(`${baseUrl()}/api/v2/trace/${traceId}`)).json()) as {
      name: string;
      tags: Record<string, string>;
      annotations?: { value: string }[];
    }[];
    const charge = zipkin.find((span) => span.name === "charge card");
    expect(charge?.tags).toMatchObject({
      "retry.count": "2",
      "peer.service": "payments",
      error: "card declined",
    });
    expect(charge?.annotations?.map((annotation) => annotation.value)).toEqual(["retrying"]);
  });
});

describe("POST /v1/traces refusals", () => {
  it("answers bad OTLP JSON with a 400 google.rpc.Status naming the field", async () => {
    const response = await fetch(`${baseUrl()}/v1/traces`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        resourceSpans: [
          { scopeSpans: [{ spans: [{ traceId: "zz", spanId: "0102030405060708", name: "x" }] }] },
        ],
      }),
    });
    expect(response.status).toBe(400);
    const status = (await response.json()) as { code: number; message: string };
    expect(status.code).toBe(3);
    expect(status.message).toMatch(/resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.traceId/);
  });

  it("answers an unsupported Content-Type with 415", async () => {
    const response = await fetch(`${baseUrl()}/v1/traces`, {
      method: "POST",
      headers: { "content-type": "text/xml" },
      body: "<spans/>",
    });
    expect(response.status).toBe(415);
    expect(((await response.json()) as { message: string }).message).toMatch(/application\/x-protobuf/);
  });
});
