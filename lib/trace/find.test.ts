import { describe, expect, it } from "vitest";
import { makeSpan } from "../../test/spans";
import { findInTrace } from "./find";
import { buildTraceTree } from "./tree";

const tree = buildTraceTree([
  makeSpan({ spanId: "00000000000000a1", name: "GET /cart", serviceName: "frontend", startUs: 0 }),
  makeSpan({
    spanId: "00000000000000b2",
    parentSpanId: "00000000000000a1",
    name: "SELECT",
    serviceName: "db",
    startUs: 1,
    attributes: { "db.statement": "SELECT * FROM carts", rows: 12 },
  }),
  makeSpan({
    spanId: "00000000000000c3",
    parentSpanId: "00000000000000a1",
    name: "charge",
    serviceName: "payments",
    startUs: 2,
    resource: { "host.name": "pay-7" },
    events: [{ timeUs: 3, name: "retry", attributes: { reason: "Timeout" } }],
  }),
]);

describe("findInTrace", () => {
  it.each([
    ["a span name, ignoring case", "get /CART", [0]],
    ["a service", "payments", [2]],
    ["an attribute value, in several spans", "cart", [0, 1]],
    ["a number attribute", "12", [1]],
    ["a resource value", "pay-7", [2]],
    ["an event name and its attributes", "timeout", [2]],
    ["the start of a span id", "00000000000000b", [1]],
    ["nothing for an empty text", "  ", []],
    ["nothing when nothing matches", "kafka", []],
  ])("finds %s", (_name, text, rows) => {
    expect(findInTrace(tree, text)).toEqual(rows);
  });
});
