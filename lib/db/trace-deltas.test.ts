import { describe, expect, it } from "vitest";
import { makeSpan } from "../../test/spans";
import { traceDeltas } from "./trace-deltas";

describe("traceDeltas", () => {
  it("sums counts per trace and widens the time range to the latest end", () => {
    const [delta] = traceDeltas([
      makeSpan({ spanId: "a", startUs: 100, durationUs: 50 }),
      makeSpan({
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
      [makeSpan({ spanId: "c", parentSpanId: "x", startUs: 1 }), makeSpan({ spanId: "r", startUs: 5 })],
      "r",
    ],
    [
      "the earlier of two parentless spans wins",
      [makeSpan({ spanId: "late", startUs: 9 }), makeSpan({ spanId: "early", startUs: 2 })],
      "early",
    ],
    [
      "with no parentless span, the earliest child",
      [
        makeSpan({ spanId: "c2", parentSpanId: "x", startUs: 7 }),
        makeSpan({ spanId: "c1", parentSpanId: "x", startUs: 3 }),
      ],
      "c1",
    ],
  ])("picks the root: %s", (_name, spans, rootSpanId) => {
    expect(traceDeltas(spans)[0]?.root_span_id).toBe(rootSpanId);
  });

  it("takes the root's HTTP status and returns traces in id order", () => {
    const deltas = traceDeltas([
      makeSpan({ traceId: "00000000000000b2", attributes: { "http.status_code": "409" } }),
      makeSpan({ traceId: "00000000000000a1" }),
    ]);
    expect(deltas.map((delta) => [delta.trace_id, delta.root_http_status])).toEqual([
      ["00000000000000a1", null],
      ["00000000000000b2", 409],
    ]);
  });
});
