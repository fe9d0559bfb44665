import { describe, expect, it } from "vitest";
import { planTraceReads } from "./plan-trace-reads";

describe("planTraceReads", () => {
  const totals = new Map([
    ["a", 400],
    ["b", 500],
    ["c", 200],
    ["huge", 5_000],
  ]);

  it.each([
    ["every trace when they fit together", ["a", "b"], { read: ["a", "b"], omitted: [] }],
    [
      "whole traces in the order asked, leaving out one that no longer fits",
      ["b", "a", "c"],
      { read: ["b", "a"], omitted: ["c"] },
    ],
    [
      "a later smaller trace that still fits after one left out",
      ["a", "huge", "c"],
      { read: ["a", "c"], omitted: ["huge"] },
    ],
    [
      "a first trace larger than the bound alone, to be cut",
      ["huge", "a"],
      { read: ["huge"], omitted: ["a"] },
    ],
    ["ids not stored left out, as not found", ["nope", "a"], { read: ["a"], omitted: [] }],
    ["an id asked twice once", ["a", "a"], { read: ["a"], omitted: [] }],
    ["nothing for no ids", [], { read: [], omitted: [] }],
  ])("reads %s", (_name, asked, plan) => {
    expect(planTraceReads(asked, totals, 1_000)).toStrictEqual(plan);
  });
});
