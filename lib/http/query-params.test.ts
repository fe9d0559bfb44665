import { describe, expect, it } from "vitest";
import { namesQuerySchema, operationNamesQuerySchema } from "../api/names";
import { RequestError } from "../errors";
import { parseQuery, readOperations } from "./query-params";

const parse = (schema: Parameters<typeof parseQuery>[0], query: string) =>
  parseQuery(schema, new URLSearchParams(query));

function refusal(schema: Parameters<typeof parseQuery>[0], query: string): string {
  try {
    parse(schema, query);
  } catch (error) {
    expect(error).toBeInstanceOf(RequestError);
    expect((error as RequestError).status).toBe(400);
    return (error as Error).message;
  }
  throw new Error(`${query} was accepted`);
}

describe("parseQuery", () => {
  it.each([
    ["nothing: the defaults", "", { q: "", limit: 20 }],
    ["an empty parameter is absent", "q=&limit=", { q: "", limit: 20 }],
  ])("%s", (_, query, expected) => {
    expect(parse(namesQuerySchema, query)).toEqual(expected);
  });

  it.each([
    ["a limit that is not a number", "limit=ten", /^limit: .*"ten"$/],
    ["a limit past the most", "limit=101", /^limit: .*"101"$/],
    ["a limit of zero", "limit=0", /^limit: /],
    ["a fraction", "limit=1.5", /^limit: /],
    ["a NUL in the text", "q=a%00b", /^q: must not contain a NUL character/],
    [
      "a parameter given twice, as every query API refuses it",
      "q=ab&q=cd",
      /^q: expected once, given 2 times$/,
    ],
    ["a query longer than any name", `q=${"x".repeat(201)}`, /^q: /],
  ])("refuses %s, naming the parameter", (_, query, message) => {
    expect(refusal(namesQuerySchema, query)).toMatch(message);
  });

  it("says which required parameter is missing", () => {
    expect(refusal(operationNamesQuerySchema, "q=get")).toBe("service is required");
    expect(parse(operationNamesQuerySchema, "service=shop")).toEqual({ service: "shop", q: "", limit: 20 });
  });
});

describe("readOperations", () => {
  const read = (query: string) => readOperations(new URLSearchParams(query));
  const refusalOf = (query: string) => {
    try {
      read(query);
    } catch (error) {
      expect((error as RequestError).status).toBe(400);
      return (error as Error).message;
    }
    throw new Error(`${query} was accepted`);
  };

  it("pairs the i-th name with the i-th service, in order", () => {
    expect(read("service=a&name=x&service=b&name=y%2Fz&service=a&name=")).toEqual([
      { service: "a", name: "x" },
      { service: "b", name: "y/z" },
      { service: "a", name: "" },
    ]);
  });

  it.each([
    ["no operation", "start=1", /^service is required/],
    [
      "a name missing",
      "service=a&name=x&service=b",
      /^name: expected one per service, given 1 for 2 services$/,
    ],
    [
      "more than 1,000 operations (a request line longer than Node takes, unless it is raised)",
      Array.from({ length: 1_001 }, (_, i) => `service=s&name=${i}`).join("&"),
      /^service: expected at most 1000 operations per request, given 1001; ask in several$/,
    ],
    ["a NUL in a name", "service=a&name=x%00", /^name: must not contain a NUL character/],
    [
      "a span name longer than a span may carry",
      `service=a&name=${"n".repeat(513)}`,
      /^name: expected at most 512/,
    ],
  ])("refuses %s", (_, query, message) => {
    expect(refusalOf(query)).toMatch(message);
  });
});
