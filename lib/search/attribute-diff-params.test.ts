import { describe, expect, it } from "vitest";
import { MAX_DIFF_TRACE_IDS, parseAttributeDiffParams } from "./attribute-diff-params";

const NOW_US = 1_800_000_000_000_000;
const LIMITS = { maxLimit: 1000, maxWindowUs: 7 * 86_400_000_000 };
const parse = (params: Record<string, string>) =>
  parseAttributeDiffParams(new URLSearchParams(params), NOW_US, LIMITS);

describe("parseAttributeDiffParams", () => {
  it("reads the population as the search does, and a slowerThan selection of traces", () => {
    const { scope, population, selection } = parse({
      service: "shop",
      tags: "region=eu",
      slowerThan: "1.5s",
    });
    expect(scope).toBe("trace");
    expect(population).toMatchObject({ serviceName: "shop", tags: [{ key: "region", value: "eu" }] });
    expect(population.endUs - population.startUs).toBe(3_600_000_000);
    expect(selection).toEqual({ slowerThanUs: 1_500_000 });
  });

  it.each([
    ["errors", { errors: "true" }, { errors: true }],
    [
      "trace ids, normalised, trimmed and without repeats",
      { traceIds: "ABC, 0abc,def" },
      { traceIds: ["0000000000000abc", "0000000000000def"] },
    ],
  ])("reads a selection of %s", (_name, params, selection) => {
    expect(parse(params).selection).toEqual(selection);
  });

  it("reads scope=span with an operation", () => {
    expect(parse({ operation: "GET /cart", scope: "span", slowerThan: "1s" }).scope).toBe("span");
  });

  it.each([
    ["no selection", {}, "a selection is required"],
    [
      "two selections",
      { slowerThan: "1s", errors: "true" },
      "expected one selection, got slowerThan and errors",
    ],
    ["a bad duration", { slowerThan: "soon" }, "slowerThan: expected a duration"],
    ["an empty duration", { slowerThan: "" }, "slowerThan: expected a duration"],
    ["errors other than true", { errors: "false" }, 'errors: expected true, got "false"'],
    ["no trace ids", { traceIds: " " }, "traceIds: expected trace ids"],
    ["a bad trace id", { traceIds: "abc,xyz" }, 'traceIds: "xyz" is not hex'],
    [
      "too many trace ids",
      { traceIds: Array.from({ length: MAX_DIFF_TRACE_IDS + 1 }, (_, i) => (i + 1).toString(16)).join(",") },
      `at most ${MAX_DIFF_TRACE_IDS} ids`,
    ],
    ["an unknown scope", { scope: "service", errors: "true" }, "scope: expected trace or span"],
    ["scope=span without an operation", { scope: "span", errors: "true" }, "give operation too"],
    ["a bad search filter", { status: "bad", errors: "true" }, "status: expected error, ok"],
  ])("refuses %s with a 400 saying why", (_name, params, message) => {
    expect(() => parse(params)).toThrow(
      expect.objectContaining({ status: 400, message: expect.stringContaining(message) }),
    );
  });
});
