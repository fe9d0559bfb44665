import { describe, expect, it } from "vitest";
import { makeSpan } from "../../test/spans";
import type { Span } from "../model/span";
import type { NodeKind } from "../services/links";
import { evaluateTrace } from "../traceql/evaluate";
import { parseTraceQL } from "../traceql/parse";
import { edgeTraceQL, edgeTracesHref } from "./edge-traces";

/**
 * front (SERVER 01, CLIENT 02) → api (SERVER 03 under 02, CLIENT 04 to postgres, PRODUCER 05 to
 * kafka) ; worker CONSUMER 06 under 05. The query for each link must select that link's spans.
 */
function chain(): Span[] {
  const span = (spanId: string, parentSpanId: string | undefined, service: string, kind: Span["kind"]) =>
    makeSpan({
      spanId,
      ...(parentSpanId ? { parentSpanId } : {}),
      serviceName: service,
      resource: { "service.name": service },
      kind,
    });
  return [
    span("01", undefined, "front", "SERVER"),
    span("02", "01", "front", "CLIENT"),
    span("03", "02", 'api "v2"', "SERVER"),
    span("04", "03", 'api "v2"', "CLIENT"),
    span("05", "03", 'api "v2"', "PRODUCER"),
    span("06", "05", "worker", "CONSUMER"),
  ];
}

function matched(query: string): string[] {
  const match = evaluateTrace(parseTraceQL(query), chain(), query);
  return match.spansets.flatMap((set) => set.spans.map((span) => span.spanId)).sort();
}

const KINDS: Record<string, NodeKind> = { postgres: "database", kafka: "queue" };
const kindOf = (name: string): NodeKind => KINDS[name] ?? "service";

describe("edgeTraceQL", () => {
  it.each<[string, string, string, string, string[]]>([
    [
      "a call between services: the callee's span under the caller's",
      "front",
      'api "v2"',
      '{ resource.service.name = "front" } > { resource.service.name = "api \\"v2\\"" }',
      ["03"],
    ],
    [
      "a call to a database: the caller's calls out",
      'api "v2"',
      "postgres",
      '{ resource.service.name = "api \\"v2\\"" && (kind = client || kind = producer) }',
      ["04", "05"],
    ],
    [
      "a queue delivering to a consumer: the consumer's spans",
      "kafka",
      "worker",
      '{ resource.service.name = "worker" && (kind = consumer || kind = server) }',
      ["06"],
    ],
  ])("%s", (_name, parent, child, query, spans) => {
    expect(edgeTraceQL(parent, child, kindOf(parent), kindOf(child))).toBe(query);
    expect(matched(query)).toEqual(spans);
  });

  it("finds nothing between services that do not call each other", () => {
    expect(matched(edgeTraceQL("worker", "front", "service", "service"))).toEqual([]);
  });
});

describe("edgeTracesHref", () => {
  it("opens TraceQL mode over the graph's window", () => {
    const window = { lookback: "1h", start: "2026-11-22T08:00:00.000Z", end: "2026-11-22T12:00:00.000Z" };
    const href = edgeTracesHref({ parent: "front", child: "api" }, kindOf, window);
    const params = new URL(href, "http://x").searchParams;
    expect(href.startsWith("/search?q=")).toBe(true);
    expect(params.get("q")).toBe('{ resource.service.name = "front" } > { resource.service.name = "api" }');
    expect(params.get("start")).toBe(window.start);
    expect(params.get("end")).toBe(window.end);
    expect(params.has("lookback")).toBe(false);
  });

  it("keeps a lookback that is not the default", () => {
    const href = edgeTracesHref({ parent: "a", child: "b" }, kindOf, { lookback: "6h", start: "", end: "" });
    expect(new URL(href, "http://x").searchParams.get("lookback")).toBe("6h");
  });
});
