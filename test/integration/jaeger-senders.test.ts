import { initTracer } from "jaeger-client";
import { followsFrom, Tags } from "opentracing";
import { describe, expect, it } from "vitest";
import { normaliseSpanId, normaliseTraceId } from "../../lib/model/ids";
import type { Span } from "../../lib/model/span";
import { baseUrl } from "./helpers";

/** jaeger-client with its HTTP sender, pointed at Tracelight as at a Jaeger collector. */

function hex(result: ReturnType<typeof normaliseTraceId>): string {
  if (!result.ok) throw new Error(result.reason);
  return result.id;
}

async function fetchCanonical(traceId: string, expectedSpans: number): Promise<Span[]> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const response = await fetch(`${baseUrl()}/api/trace/${traceId}`);
    if (response.ok) {
      const { spans } = (await response.json()) as { spans: Span[] };
      if (spans.length >= expectedSpans) return spans;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`trace ${traceId} did not arrive with ${expectedSpans} spans`);
}

describe("jaeger-client with the HTTP sender", () => {
  it("stores process tags, typed tags, logs, references and errors", async () => {
    const tracer = initTracer(
      {
        serviceName: "inventory",
        sampler: { type: "const", param: 1 },
        reporter: { collectorEndpoint: `${baseUrl()}/api/traces`, flushIntervalMs: 50 },
      },
      { tags: { region: "eu-1", "build.number": 42 }, traceId128bit: true },
    );
    const root = tracer.startSpan("GET /stock", {
      tags: { [Tags.SPAN_KIND]: Tags.SPAN_KIND_RPC_SERVER, "http.status_code": 200, "stock.ratio": 0.25 },
    });
    const lookup = tracer.startSpan("cache lookup", { childOf: root });
    lookup.setTag("cache.hit", false);
    lookup.log({ event: "cache miss", key: "sku-1" });
    lookup.setTag(Tags.ERROR, true);
    lookup.finish();
    const refill = tracer.startSpan("schedule refill", { references: [followsFrom(lookup.context())] });
    refill.finish();
    root.finish();
    await new Promise<void>((resolve) => tracer.close(() => resolve()));

    const traceId = hex(normaliseTraceId(root.context().toTraceId()));
    const stored = await fetchCanonical(traceId, 3);
    const byName = new Map(stored.map((span) => [span.name, span]));
    const rootId = hex(normaliseSpanId(root.context().toSpanId()));
    const lookupId = hex(normaliseSpanId(lookup.context().toSpanId()));

    expect(traceId).toHaveLength(32);
    expect(byName.get("GET /stock")).toMatchObject({
      spanId: rootId,
      kind: "SERVER",
      serviceName: "inventory",
      attributes: { "http.status_code": 200, "stock.ratio": 0.25 },
      resource: { "service.name": "inventory", region: "eu-1", "build.number": 42 },
      status: { code: "UNSET" },
    });
    expect(byName.get("GET /stock")?.attributes).not.toHaveProperty("span.kind");
    expect(byName.get("cache lookup")).toMatchObject({
      spanId: lookupId,
      parentSpanId: rootId,
      kind: "INTERNAL",
      attributes: { "cache.hit": false, error: true },
      status: { code: "ERROR" },
    });
    expect(byName.get("cache lookup")?.events).toEqual([
      expect.objectContaining({ name: "cache miss", attributes: { key: "sku-1" } }),
    ]);
    expect(byName.get("schedule refill")?.links).toEqual([
      expect.objectContaining({ traceId, spanId: lookupId, type: "FOLLOWS_FROM" }),
    ]);
  });

  it("gets a 415 naming the Thrift content types for a JSON body", async () => {
    const response = await fetch(`${baseUrl()}/api/traces`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "[]",
    });
    expect(response.status).toBe(415);
    expect(((await response.json()) as { error: string }).error).toMatch(/application\/x-thrift/);
  });
});
