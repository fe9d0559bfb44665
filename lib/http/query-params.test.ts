import { describe, expect, it } from "vitest";
import { namesQuerySchema, operationNamesQuerySchema } from "../api/names";
import { RequestError } from "../errors";
import { parseQuery } from "./query-params";

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
