import { OTLPTraceExporter as OtlpJsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as OtlpProtoExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { describe, expect, it } from "vitest";
import type { Span } from "../../lib/model/span";
import { expectedCanonical, recordCheckoutTrace } from "../otel-checkout";
import { baseUrl } from "./helpers";

/**
 * The OpenTelemetry JS SDK with its OTLP/HTTP exporters, JSON and protobuf, pointed at Tracelight as
 * at a collector. Every attribute type, event, link, status, kind, the resource and the scope must
 * come back from the canonical read exactly as the SDK recorded them.
 */

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
    const sent = await recordCheckoutTrace(createExporter());
    const traceId = sent[0]?.spanContext().traceId as string;
    const stored = await fetchCanonical(traceId);
    expect(stored).toHaveLength(5);
    const strip = ({ warnings: _warnings, ...span }: Span) => span;
    expect(byId(stored.map(strip))).toEqual(byId(sent.map(expectedCanonical)));

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
