import { describe, expect, it } from "vitest";
import { breakCycles, longestPathLayers } from "./layering";

describe("breakCycles", () => {
  it.each<[string, number[][], number[][]]>([
    ["no cycle", [[1], [2], []], []],
    ["a two-node cycle reverses the call back", [[1], [0]], [[1, 0]]],
    ["a three-node cycle", [[1], [2], [0]], [[2, 0]]],
    ["a cycle entered from a source", [[], [2], [1], [1]], [[2, 1]]],
    [
      "two cycles through one node",
      [[1, 2], [0], [0]],
      [
        [1, 0],
        [2, 0],
      ],
    ],
  ])("%s", (_name, calls, reversed) => {
    const n = calls.length;
    expect([...breakCycles(calls)].map((key) => [Math.floor(key / n), key % n])).toEqual(reversed);
  });
});

describe("longestPathLayers", () => {
  it.each<[string, number[][], number[]]>([
    ["a chain", [[1], [2], []], [0, 1, 2]],
    ["a shortcut waits for the longer way", [[1, 2], [2], []], [0, 1, 2]],
    ["two sources", [[2], [2], []], [0, 0, 1]],
    ["a lone vertex", [[]], [0]],
  ])("%s", (_name, forward, layers) => {
    expect(longestPathLayers(forward)).toEqual(layers);
  });
});
