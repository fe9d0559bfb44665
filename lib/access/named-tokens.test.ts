import type { IncomingMessage } from "node:http";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bearerToken, MAX_TOKEN_CHARS, parseNamedTokens, tokenMatcher } from "./named-tokens";

const GRAFANA = "0123456789abcdef0123456789abcdef";
const CI = "0123456789abcdef0123456789abcdef";
const PROD = "Zm9vYmFyYmF6cXV4Cg-_.~+/=Zm9vYmFy";

describe("parseNamedTokens", () => {
  it.each([
    ["one pair", `ci:${CI}`, [{ name: "ci", token: CI }]],
    [
      "pairs with spaces around the commas",
      `ci:${CI} , prod-eu.1:${PROD}`,
      [
        { name: "ci", token: CI },
        { name: "prod-eu.1", token: PROD },
      ],
    ],
  ])("reads %s", (_, text, expected) => {
    expect(parseNamedTokens(text)).toEqual(expected);
  });

  it.each([
    ["an empty entry", `ci:${CI},`, /entry 2 is empty/],
    ["no colon", CI, /entry 1 has no ":"/],
    ["an empty name", `:${CI}`, /entry 1: a name is 1 to 64/],
    ["a name with a space", `my ci:${CI}`, /a name is 1 to 64/],
    ["a name past 64 characters", `${"n".repeat(65)}:${CI}`, /a name is 1 to 64/],
    ["an empty token", "ci:", /entry 1 \(ci\): a token is 32 to 512/],
    ["a short token", "ci:secret", /a token is 32 to 512/],
    ["a token past 512 characters", `ci:${"a".repeat(MAX_TOKEN_CHARS + 1)}`, /a token is 32 to 512/],
    ["a token with a space", `ci:${CI} ${CI}`, /letters, digits and/],
    ["a token with a quote", `ci:${CI}"`, /letters, digits and/],
    ["a token with a colon (the name ends at the first)", `ci:${CI}:x`, /letters, digits and/],
    ["a name twice", `ci:${CI},ci:${PROD}`, /entry 2: the name ci is taken/],
    ["a token twice", `ci:${CI},prod:${CI}`, /entry 2 \(prod\) has the same token as ci/],
  ])("refuses %s, saying which entry", (_, text, reason) => {
    expect(() => parseNamedTokens(text)).toThrow(reason);
  });

  it("never puts a token in its message", () => {
    for (const text of [`ci:${CI}"`, `ci:${CI},prod:${CI}`, `ci:${CI} x`]) {
      expect(() => parseNamedTokens(text)).toThrow(
        expect.objectContaining({ message: expect.not.stringContaining(CI) }),
      );
    }
  });
});

describe("tokenMatcher", () => {
  const match = tokenMatcher(parseNamedTokens(`ci:${CI},prod:${PROD}`));

  it.each([
    ["the first token", CI, "ci"],
    ["the second token", PROD, "prod"],
    ["a token missing its last character", CI.slice(0, -1), undefined],
    ["a token with a character more", `${CI}0`, undefined],
    ["a token in another case", CI.toUpperCase(), undefined],
    ["the empty string", "", undefined],
    ["a name", "ci", undefined],
  ])("%s → %s", (_, presented, expected) => {
    expect(match(presented)).toBe(expected);
  });

  it("matches exactly the configured tokens", () => {
    const token = fc.stringMatching(/^[A-Za-z0-9._~+/=-]{32,64}$/);
    fc.assert(
      fc.property(fc.uniqueArray(token, { minLength: 1, maxLength: 5 }), token, (tokens, other) => {
        const named = tokens.map((value, i) => ({ name: `t${i}`, token: value }));
        const matcher = tokenMatcher(named);
        for (const { name, token: value } of named) expect(matcher(value)).toBe(name);
        expect(matcher(other)).toBe(named.find(({ token: value }) => value === other)?.name);
      }),
    );
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
