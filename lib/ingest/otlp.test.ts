import { context, type HrTime, SpanKind, SpanStatusCode, TraceFlags, trace } from "@opentelemetry/api";
import { TraceState } from "@opentelemetry/core";
import { JsonTraceSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import type { Attributes, Span } from "../model/span";
import { microsFromNanoDigits, microsFromNanoHalves } from "./otlp";
import { decodeOtlpJson } from "./otlp-json";
import { decodeOtlpProto } from "./otlp-proto";

/**
 * The OTel JS SDK's own OTLP serializers, JSON and protobuf, as its exporters use them: every field
 * the SDK records must come out of both decoders identically and as the SDK recorded it.
 */

const LINKED = {
  traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
  spanId: "00f067aa0ba902b7",
  traceFlags: TraceFlags.SAMPLED,
  traceState: new TraceState("vendor=linked"),
};

async function recordSpans(): Promise<ReadableSpan[]> {
  const recorded = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": "checkout", "host.cores": 2, "k8s.pod.ready": true }),
    spanProcessors: [new SimpleSpanProcessor(recorded)],
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
      attributes: { "peer.service": "payments", "retry.count": 2 },
      links: [{ context: LINKED, attributes: { "link.reason": "retry of" } }],
    },
    inRoot,
  );
  charge.addEvent("retrying", { attempt: 2, "backoff.ms": 12.5 }, [1_700_000_000, 200_000_501]);
  charge.setStatus({ code: SpanStatusCode.ERROR, message: "card declined" });
  charge.end([1_700_000_000, 300_000_000]);
  tracer.startSpan("publish order", { kind: SpanKind.PRODUCER }, inRoot).end();
  tracer.startSpan("consume order", { kind: SpanKind.CONSUMER }, inRoot).end();
  tracer.startSpan("render receipt", {}, inRoot).end();
  root.setStatus({ code: SpanStatusCode.OK });
  root.end([1_700_000_000, 923_456_789]);
  await provider.forceFlush();
  const finished = recorded.getFinishedSpans();
  await provider.shutdown();
  return finished;
}

const KINDS = ["INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER"] as const;
const micros = ([seconds, nanos]: HrTime) => seconds * 1_000_000 + Math.round(nanos / 1000);

/** What the canonical span must say about a recorded span. */
function expected(span: ReadableSpan): Partial<Span> {
  const { code, message } = span.status;
  return {
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    ...(span.parentSpanContext ? { parentSpanId: span.parentSpanContext.spanId } : {}),
    name: span.name,
    kind: KINDS[span.kind],
    serviceName: "checkout",
    startUs: micros(span.startTime),
    durationUs: micros(span.endTime) - micros(span.startTime),
    status:
      code === SpanStatusCode.ERROR ? { code: "ERROR", message } : { code: code === 1 ? "OK" : "UNSET" },
    resource: { "service.name": "checkout", "host.cores": 2, "k8s.pod.ready": true },
    scope: { name: "checkout-tests", version: "2.1.0" },
    events: span.events.map((event) => ({
      timeUs: micros(event.time),
      name: event.name,
      attributes: event.attributes as Attributes,
    })),
  };
}

const recorded = await recordSpans();
const fromJson = decodeOtlpJson(
  JSON.parse(Buffer.from(JsonTraceSerializer.serializeRequest(recorded) ?? []).toString()),
);
const fromProto = decodeOtlpProto(Buffer.from(ProtobufTraceSerializer.serializeRequest(recorded) ?? []));
const byName = (name: string) => fromJson.spans.find((span) => span.name === name);

describe("OTLP from the OpenTelemetry JS SDK's serializers", () => {
  it("decodes both encodings to the same spans", () => {
    expect(fromJson.spans).toHaveLength(5);
    expect(fromProto.spans).toStrictEqual(fromJson.spans);
  });

  it.each(["POST /checkout", "charge card", "publish order", "consume order", "render receipt"])(
    "keeps %s as the SDK recorded it",
    (name) => {
      const span = recorded.find((candidate) => candidate.name === name) as ReadableSpan;
      expect(byName(name)).toMatchObject(expected(span));
    },
  );

  it("keeps every attribute type, and an int past 2^53 as its decimal string", () => {
    expect(byName("POST /checkout")?.attributes).toStrictEqual({
      "http.response.status_code": 502,
      "cart.total": 129.95,
      "cart.express": false,
      "cart.items": ["sku-1", "sku-2"],
      "cart.quantities": [1, 3],
      "cart.flags": [true, false],
      // An integral JS number goes out as intValue; past 2^53 the model keeps 64-bit ints as strings.
      "cart.big": "1152921504606846976",
    });
  });

  it("keeps the link, its tracestate, the remote service and the error message", () => {
    expect(byName("charge card")).toMatchObject({
      remoteServiceName: "payments",
      status: { code: "ERROR", message: "card declined" },
      events: [
        { timeUs: 1_700_000_000_200_001, name: "retrying", attributes: { attempt: 2, "backoff.ms": 12.5 } },
      ],
      links: [
        {
          traceId: LINKED.traceId,
          spanId: LINKED.spanId,
          type: "LINK",
          attributes: { "link.reason": "retry of", "w3c.tracestate": "vendor=linked" },
        },
      ],
    });
  });
});

describe("nanoseconds to microseconds", () => {
  const TWO_TO_THE_32 = 2 ** 32;
  it.each([
    ["0", 0],
    ["499", 0],
    ["500", 1],
    ["1544712660000000000", 1544712660000000],
    ["1760738064624462499", 1760738064624462],
    ["1760738064624462500", 1760738064624463],
    ["0001000", 1],
    ["9007199254740991499", Number.MAX_SAFE_INTEGER],
  ])("%s ns is %i µs from digits and from 32-bit halves alike", (digits, expectedUs) => {
    const nanos = BigInt(digits);
    const halves = microsFromNanoHalves(
      Number(nanos / BigInt(TWO_TO_THE_32)),
      Number(nanos % BigInt(TWO_TO_THE_32)),
      "t",
    );
    expect([microsFromNanoDigits(digits, "t"), halves]).toStrictEqual([expectedUs, expectedUs]);
  });

  it.each(["9007199254740991500", "99999999999999999999"])("refuses %s ns, past 2^53 µs", (digits) => {
    expect(() => microsFromNanoDigits(digits, "t")).toThrow(/^t: expected unix nanoseconds below 2\^53 µs/);
  });
});
