import { describe, expect, it } from "vitest";
import { parseTempoSearch } from "./tempo-params";

const NOW_US = 1_700_000_000_000_000;
const LIMITS = { maxLimit: 1_000, maxWindowUs: 7 * 86_400_000_000 };
const parse = (query: string) => parseTempoSearch(new URLSearchParams(query), NOW_US, LIMITS);
const refusal = (query: string) => {
  try {
    parse(query);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${query} was taken`);
};

describe("parseTempoSearch", () => {
  it("reads Grafana's search as its Tempo data source sends it", () => {
    expect(
      parse("q=%7B+resource.service.name%3D%22shop%22+%7D&limit=20&spss=3&start=1699996400&end=1700000000"),
    ).toEqual({
      q: '{ resource.service.name="shop" }',
      startUs: 1_699_996_400_000_000,
      endUs: 1_700_000_000_999_999,
      limit: 20,
      spss: 3,
    });
  });

  it("takes Tempo's defaults: every span, 20 traces, 3 spans a spanset, the last hour", () => {
    expect(parse("")).toEqual({
      q: "{}",
      startUs: NOW_US - 3_600_000_000,
      endUs: NOW_US,
      limit: 20,
      spss: 3,
    });
    expect(parse("spss=0").spss).toBe(3);
    expect(parse("limit=5000").limit).toBe(1_000);
  });

  it("refuses what Tempo refuses, in its words", () => {
    expect(refusal("limit=0")).toBe("invalid limit: must be a positive number");
    expect(refusal("limit=x")).toBe('invalid limit: expected an integer, got "x"');
    expect(refusal("spss=101")).toBe("spans per span set exceeds 100. received 101");
    expect(refusal("start=20&end=10")).toBe("http parameter start must be before end");
    expect(refusal("start=99999999999")).toMatch(/^invalid start: /);
    expect(refusal("q={}&tags=a%3Db")).toBe("invalid request: can't specify tags and q in the same query");
  });
});
