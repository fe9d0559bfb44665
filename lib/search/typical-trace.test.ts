import { describe, expect, it } from "vitest";
import type { TraceSummary } from "../api/trace-summary";
import { pickTypicalTrace, typicalTraceQuery } from "./typical-trace";

const summary = (traceId: string, durationUs: number, rootName = "GET /cart"): TraceSummary => ({
  traceId,
  startUs: 0,
  durationUs,
  spanCount: 3,
  errorCount: 0,
  serviceCounts: { shop: 3 },
  rootService: "shop",
  rootName,
  rootHttpStatus: 200,
});
const trace = { traceId: "self", service: "shop", operation: "GET /cart" };

describe("pickTypicalTrace", () => {
  it.each<[string, TraceSummary[], string | undefined]>([
    ["the median of an odd count", [summary("c", 30), summary("a", 10), summary("b", 20)], "b"],
    [
      "the faster middle one of an even count",
      [summary("a", 10), summary("b", 20), summary("c", 30), summary("d", 40)],
      "b",
    ],
    ["never the trace itself", [summary("self", 20), summary("a", 10), summary("c", 30)], "a"],
    [
      "only traces with the same root",
      [summary("a", 10), summary("x", 15, "GET /home"), summary("c", 30)],
      "a",
    ],
    [
      "nothing when no other trace has that root",
      [summary("self", 20), summary("x", 15, "GET /home")],
      undefined,
    ],
    ["nothing from no results", [], undefined],
  ])("picks %s", (_, candidates, expected) => {
    expect(pickTypicalTrace(candidates, trace)?.traceId).toBe(expected);
  });
});

describe("typicalTraceQuery", () => {
  it("asks for the root operation's traces in the hour around the trace", () => {
    const params = new URLSearchParams(
      typicalTraceQuery({
        service: "shop",
        operation: "GET /cart",
        startUs: Date.UTC(2026, 0, 1, 12) * 1000,
      }),
    );
    expect(Object.fromEntries(params)).toEqual({
      service: "shop",
      operation: "GET /cart",
      start: "2026-01-01T11:30:00.000Z",
      end: "2026-01-01T12:30:00.000Z",
      limit: "200",
    });
  });
});
