import { describe, expect, it } from "vitest";
import type { Span } from "../model/span";
import { traceDeltas } from "./trace-deltas";

const span = (fields: Partial<Span>): Span => ({
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
});

describe("traceDeltas", () => {
  it("sums counts per trace and widens the time range to the latest end", () => {
    const [delta] = traceDeltas([
      span({ spanId: "a", startUs: 100, durationUs: 50 }),
      span({
        spanId: "b",
        parentSpanId: "a",
        startUs: 120,
        durationUs: 100,
        serviceName: "db",
        status: { code: "ERROR" },
      }),
    ]);
    expect(delta).toMatchObject({
      start_us: 100,
      end_us: 220,
      span_count: 2,
      error_count: 1,
      service_counts: { api: 1, db: 1 },
    });
  });

  it.each([
    [
      "a parentless span beats an earlier child",
      [span({ spanId: "c", parentSpanId: "x", startUs: 1 }), span({ spanId: "r", startUs: 5 })],
      "r",
    ],
    [
      "the earlier of two parentless spans wins",
      [span({ spanId: "late", startUs: 9 }), span({ spanId: "early", startUs: 2 })],
      "early",
    ],
    [
      "with no parentless span, the earliest child",
      [
        span({ spanId: "c2", parentSpanId: "x", startUs: 7 }),
        span({ spanId: "c1", parentSpanId: "x", startUs: 3 }),
      ],
      "c1",
    ],
  ])("picks the root: %s", (_name, spans, rootSpanId) => {
    expect(traceDeltas(spans)[0]?.root_span_id).toBe(rootSpanId);
  });

  it("takes the root's HTTP status and returns traces in id order", () => {
    const deltas = traceDeltas([
      span({ traceId: "00000000000000b2", attributes: { "http.status_code": "409" } }),
      span({ traceId: "00000000000000a1" }),
    ]);
    expect(deltas.map((delta) => [delta.trace_id, delta.root_http_status])).toEqual([
      ["00000000000000a1", null],
      ["00000000000000b2", 409],
    ]);
  });
});
