import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { bearerToken, matchToken, parseNamedTokens } from "./named-tokens";

const GRAFANA = "0123456789abcdef0123456789abcdef";
const CI = "fedcba9876543210fedcba9876543210ff";

describe("parseNamedTokens", () => {
  it("reads name:token pairs, spaces and empty items aside", () => {
    expect(parseNamedTokens(` grafana:${GRAFANA} ,, ci:${CI},`)).toEqual([
      { name: "grafana", token: GRAFANA },
      { name: "ci", token: CI },
    ]);
  });

  it("keeps a token's own colons", () => {
    expect(parseNamedTokens(`a:${GRAFANA}:x`)).toEqual([{ name: "a", token: `${GRAFANA}:x` }]);
  });

  it.each([
    ["no pairs at all", " , ", /expected name:token/],
    ["a pair without a colon", GRAFANA, /pair 1 is not name:token/],
    ["an empty name", `:${GRAFANA}`, /pair 1: a name is/],
    ["a name that could not be a metric label", `my grafana:${GRAFANA}`, /pair 1: a name is/],
    ["a short token", "grafana:secret", /"grafana": a token is at least 32/],
    ["a name twice", `a:${GRAFANA},a:${CI}`, /"a" is named twice/],
    ["a token twice", `a:${GRAFANA},b:${GRAFANA}`, /"b" repeats another's token/],
  ])("refuses %s", (_, text, message) => {
    expect(() => parseNamedTokens(text)).toThrow(message);
  });

  it.each([
    ["a name twice", `a:${GRAFANA},a:${CI}`],
    ["a token twice", `a:${GRAFANA},b:${GRAFANA}`],
    ["a short token", "a:short-secret"],
  ])("names the pair at fault, never its token: %s", (_, text) => {
    expect(() => parseNamedTokens(text)).toThrow();
    expect(() => parseNamedTokens(text)).not.toThrow(/0123456789abcdef|fedcba98|short-secret/);
  });
});

describe("matchToken", () => {
  const tokens = parseNamedTokens(`grafana:${GRAFANA},ci:${CI}`);
  it.each([
    ["the first token", GRAFANA, "grafana"],
    ["the second token", CI, "ci"],
    ["a prefix of a token", GRAFANA.slice(0, 31), undefined],
    ["a token with more after it", `${GRAFANA}0`, undefined],
    ["a token in another case", GRAFANA.toUpperCase(), undefined],
    ["nothing", "", undefined],
  ])("%s", (_, presented, name) => {
    expect(matchToken(tokens, presented)).toBe(name);
  });
});

describe("bearerToken", () => {
  const request = (authorization?: string) => ({ headers: { authorization } }) as IncomingMessage;
  it.each([
    ["a Bearer header", `Bearer ${GRAFANA}`, GRAFANA],
    ["the scheme in any case", `bearer ${GRAFANA}`, GRAFANA],
    ["basic authentication", "Basic dXNlcjpwYXNz", undefined],
    ["a Bearer without a token", "Bearer ", undefined],
    ["no header", undefined, undefined],
  ])("%s", (_, header, token) => {
    expect(bearerToken(request(header))).toBe(token);
  });
});
