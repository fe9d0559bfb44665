import type { Span } from "../lib/model/span";

/** A valid canonical span for unit tests; `fields` override what the case is about. */
export function makeSpan(fields: Partial<Span> = {}): Span {
  return {
    traceId: "0000000000000001",
    spanId: "00000000000000aa",
    name: "op",
    kind: "SERVER",
    serviceName: "api",
    startUs: 100,
    durationUs: 10,
    status: { code: "UNSET" },
    attributes: {},
    resource: {},
    events: [],
    links: [],
    ...fields,
  };
}

/**
 * A trace as Zipkin v2 JSON of `count` spans, all children of the first, `step <i>` a microsecond
 * apart from a minute ago: as wide and as large as a test of bounds needs, in any wire test.
 */
export function wideZipkinTrace(traceId: string, count: number, serviceName: string) {
  const startUs = Date.now() * 1000 - 60_000_000;
  return Array.from({ length: count }, (_, i) => ({
    traceId,
    id: (i + 1).toString(16).padStart(16, "0"),
    ...(i > 0 ? { parentId: "0000000000000001" } : {}),
    name: `step ${i}`,
    timestamp: startUs + i,
    duration: 1_000,
    localEndpoint: { serviceName },
  }));
}
