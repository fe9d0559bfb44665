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
