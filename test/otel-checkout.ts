import { context, type HrTime, SpanKind, SpanStatusCode, TraceFlags, trace } from "@opentelemetry/api";
import { TraceState } from "@opentelemetry/core";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanExporter,
} from "@opentelemetry/sdk-trace-base";
import type { Attributes, Span } from "../lib/model/span";

/**
 * A checkout trace recorded by the OpenTelemetry JS SDK with everything OTLP carries: every attribute
 * type (an int past 2^53 too), an event with attributes, a link with a tracestate to another trace,
 * both statuses, every kind, a resource and a scope. Exported through `exporter` when given, as an
 * application would; the finished spans are returned either way.
 */
export const LINKED = {
  traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
  spanId: "00f067aa0ba902b7",
  traceFlags: TraceFlags.SAMPLED,
  traceState: new TraceState("vendor=linked"),
};

export async function recordCheckoutTrace(exporter?: SpanExporter): Promise<ReadableSpan[]> {
  const recorded = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": "checkout", "host.cores": 2, "k8s.pod.ready": true }),
    spanProcessors: [
      new SimpleSpanProcessor(recorded),
      ...(exporter ? [new SimpleSpanProcessor(exporter)] : []),
    ],
  });
  const tracer = provider.getTracer("checkout-tests", "2.1.0");
  const root = tracer.startSpan("POST /checkout", {
    kind: SpanKind.SERVER,
    startTime: [1_700_000_000, 123_456_789],
    attributes: {
      "http.response.status_code": 502,
      "cart.total": 129.95,
      "cart.express": false,
      "cart.items": ["sku-1", "sku-2"],
      "cart.quantities": [1, 3],
      "cart.flags": [true, false],
      "cart.big": 2 ** 60,
    },
  });
  const inRoot = trace.setSpan(context.active(), root);
  const charge = tracer.startSpan(
    "charge card",
    {
      kind: SpanKind.CLIENT,
      startTime: [1_700_000_000, 150_000_000],
      attributes: { "peer.service": "payments", "retry.count": 2 },
      links: [{ context: LINKED, attributes: { "link.reason": "retry of" } }],
    },
    inRoot,
  );
  charge.addEvent("retrying", { attempt: 2, "backoff.ms": 12.5 }, [1_700_000_000, 200_000_501]);
  charge.setStatus({ code: SpanStatusCode.ERROR, message: "card declined" });
  charge.end([1_700_000_000, 300_000_000]);
  for (const [name, kind] of [
    ["publish order", SpanKind.PRODUCER],
    ["consume order", SpanKind.CONSUMER],
    ["render receipt", SpanKind.INTERNAL],
  ] as const) {
    tracer
      .startSpan(name, { kind, startTime: [1_700_000_000, 400_000_000] }, inRoot)
      .end([1_700_000_000, 500_000_000]);
  }
  root.setStatus({ code: SpanStatusCode.OK });
  root.end([1_700_000_000, 923_456_789]);
  await provider.forceFlush();
  const finished = recorded.getFinishedSpans(); // shutdown() empties the in-memory exporter
  await provider.shutdown();
  return finished;
}

const KINDS = ["INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER"] as const;
// OTLP carries nanoseconds; Tracelight keeps whole microseconds, rounded.
const micros = ([seconds, nanos]: HrTime) => seconds * 1_000_000 + Math.round(nanos / 1000);

/** SDK attributes as the model keeps them: integers past 2^53 as their decimal strings. */
function canonical(attributes: ReadableSpan["attributes"]): Attributes {
  return Object.fromEntries(
    Object.entries(attributes).map(([key, value]) => [
      key,
      typeof value === "number" && Number.isInteger(value) && !Number.isSafeInteger(value)
        ? BigInt(value).toString()
        : value,
    ]),
  ) as Attributes;
}

/** The canonical span Tracelight must make of a span the SDK recorded. */
export function expectedCanonical(span: ReadableSpan): Omit<Span, "warnings"> {
  const { code, message } = span.status;
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
    status:
      code === SpanStatusCode.ERROR
        ? { code: "ERROR", message: message as string }
        : { code: code === SpanStatusCode.OK ? "OK" : "UNSET" },
    attributes: canonical(span.attributes),
    resource: canonical(span.resource.attributes),
    events: span.events.map((event) => ({
      timeUs: micros(event.time),
      name: event.name,
      ...(event.attributes ? { attributes: canonical(event.attributes) } : {}),
    })),
    links: span.links.map((link) => ({
      traceId: link.context.traceId,
      spanId: link.context.spanId,
      type: "LINK" as const,
      attributes: {
        ...canonical(link.attributes ?? {}),
        ...(link.context.traceState ? { "w3c.tracestate": link.context.traceState.serialize() } : {}),
      },
    })),
    scope: { name: "checkout-tests", version: "2.1.0" },
  };
}
