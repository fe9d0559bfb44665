import { describe, expect, it } from "vitest";
import { makeSpan } from "../../test/spans";
import { buildTraceTree } from "../trace/tree";
import { rowsOfSpans, stepRow, traceqlMarks } from "./trace-marks";

/** GET /home (web) ─┬─ SELECT (postgres, error) ─ SELECT again (postgres); └─ render (web) */
const spans = [
  makeSpan({ spanId: "01", name: "GET /home", serviceName: "web", startUs: 0, durationUs: 400 }),
  makeSpan({
    spanId: "02",
    parentSpanId: "01",
    name: "SELECT",
    serviceName: "postgres",
    startUs: 10,
    durationUs: 100,
    status: { code: "ERROR", message: "deadlock" },
    attributes: { "db.system": "postgresql" },
  }),
  makeSpan({
    spanId: "03",
    parentSpanId: "02",
    name: "SELECT again",
    serviceName: "postgres",
    startUs: 20,
    durationUs: 50,
  }),
  makeSpan({
    spanId: "04",
    parentSpanId: "01",
    name: "render",
    serviceName: "web",
    startUs: 200,
    durationUs: 30,
  }),
];

describe("traceqlMarks", () => {
  it.each([
    ["an attribute", '{ span.db.system = "postgresql" }', ["02"]],
    ["a status", "{ status = error }", ["02"]],
    ["a structural query's right side", "{ status = error } > { }", ["03"]],
    ["nothing", '{ name = "absent" }', []],
  ])("marks the spans %s selects", (_, query, ids) => {
    expect(traceqlMarks(query, spans)).toEqual({ spanIds: new Set(ids) });
  });

  it("says why a query cannot run", () => {
    expect(traceqlMarks("{ .a = }", spans)).toEqual({
      error: expect.stringMatching(/^parse error at line 1/),
    });
  });
});

describe("rowsOfSpans and stepRow", () => {
  const rows = buildTraceTree(spans).rows;
  const matches = rowsOfSpans(rows, new Set(["03", "04"]));

  it("finds the rows in tree order", () => {
    expect(matches.map((row) => rows[row]?.span.spanId)).toEqual(["03", "04"]);
  });

  it.each([
    ["the first with none selected", undefined, 1, "03"],
    ["the last backwards with none selected", undefined, -1, "04"],
    ["the next after the selection", 0, 1, "03"],
    ["around from the last", 3, 1, "03"],
    ["the previous before the selection", 3, -1, "03"],
  ] as const)("steps to %s", (_, selected, direction, spanId) => {
    const row = stepRow(matches, selected, direction);
    expect(row === undefined ? undefined : rows[row]?.span.spanId).toBe(spanId);
  });

  it("steps nowhere without matches", () => {
    expect(stepRow([], 1, 1)).toBeUndefined();
  });
});
