import { describe, expect, it } from "vitest";
import { makeSpan } from "../../test/spans";
import { eventAt, traceEvents } from "./events";
import { buildTraceTree } from "./tree";

describe("traceEvents", () => {
  it("lists every span's events in time order, equal times in the trace's order", () => {
    const tree = buildTraceTree([
      makeSpan({
        spanId: "01",
        startUs: 0,
        events: [
          { timeUs: 30, name: "root done" },
          { timeUs: 5, name: "root started" },
        ],
      }),
      makeSpan({
        spanId: "02",
        parentSpanId: "01",
        startUs: 10,
        events: [{ timeUs: 10, name: "child sent" }],
      }),
      makeSpan({ spanId: "03", parentSpanId: "01", startUs: 20 }),
      makeSpan({
        spanId: "04",
        parentSpanId: "01",
        startUs: 25,
        events: [
          { timeUs: 10, name: "skewed, same time as child sent" },
          { timeUs: 31, name: "last" },
        ],
      }),
    ]);
    const events = traceEvents(tree);
    const listed = Array.from({ length: events.count }, (_, i) => {
      const { row, event } = eventAt(tree, events, i);
      return `${tree.rows[row]?.span.spanId.slice(-2)} ${event.name}`;
    });
    expect(listed).toEqual([
      "01 root started",
      "02 child sent",
      "04 skewed, same time as child sent",
      "01 root done",
      "04 last",
    ]);
  });

  it("has none for a trace without events", () => {
    expect(traceEvents(buildTraceTree([makeSpan()])).count).toBe(0);
  });
});
