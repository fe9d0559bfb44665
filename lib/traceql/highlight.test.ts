import { describe, expect, it } from "vitest";
import { highlightTokens, markError } from "./highlight";

/** The tokens as `kind:text`, plain stretches left out, so a case reads as the colours. */
function coloured(query: string): string[] {
  return highlightTokens(query)
    .filter((token) => token.kind !== "plain")
    .map((token) => `${token.kind}:${query.slice(token.from, token.to)}`);
}

describe("highlightTokens", () => {
  it.each([
    [
      "scopes, attribute names, operators and literals",
      '{ resource.service.name = "shop" && span.http.status_code >= 500 }',
      [
        "scope:resource",
        "attribute:service.name",
        "operator:=",
        'string:"shop"',
        "operator:&&",
        "scope:span",
        "attribute:http.status_code",
        "operator:>=",
        "number:500",
      ],
    ],
    [
      "intrinsics, keywords, durations, structural operators and comments",
      "{ status = error } >> { duration > 1.5ms } // slow",
      [
        "intrinsic:status",
        "operator:=",
        "keyword:error",
        "operator:>>",
        "intrinsic:duration",
        "operator:>",
        "number:1.5ms",
        "comment:// slow",
      ],
    ],
    [
      "pipelines' functions",
      "{ } | count() > 1 | avg(duration) > 2s | by(.a)",
      [
        "operator:|",
        "function:count",
        "operator:>",
        "number:1",
        "operator:|",
        "function:avg",
        "intrinsic:duration",
        "operator:>",
        "number:2s",
        "operator:|",
        "function:by",
        "attribute:a",
      ],
    ],
    [
      "parent. and its scope",
      "{ parent.span.x = nil }",
      ["scope:parent", "scope:span", "attribute:x", "operator:=", "keyword:nil"],
    ],
    ["a query being typed, as far as it reads", "{ span.", ["scope:span"]],
  ])("%s", (_, query, expected) => {
    expect(coloured(query)).toEqual(expected);
  });

  it.each(["", "{ nam", '{ .a = "unclosed', "{ } | count() > 1 && { .x }", "}}}{{{ ~~ !"])(
    "covers %j end to end, in order",
    (query) => {
      const tokens = highlightTokens(query);
      expect(tokens.map((token) => query.slice(token.from, token.to)).join("")).toBe(query);
      for (const token of tokens) expect(token.to).toBeGreaterThan(token.from);
    },
  );
});

describe("markError", () => {
  const marked = (query: string, from: number, to: number) =>
    markError(query, highlightTokens(query), from, to)
      .filter((token) => token.error)
      .map((token) => query.slice(token.from, token.to));

  it.each([
    ["a stretch across tokens", '{ .a = "x" }', 5, 10, ['= "x"']],
    ["part of a token", "{ unknown }", 2, 5, ["unk"]],
    ["one point marks the character there", "{ .a = }", 7, 7, ["}"]],
  ])("cuts out %s", (_, query, from, to, expected) => {
    expect(marked(query, from, to).join("")).toBe(expected.join(""));
  });

  it("marks the end of the query with an empty token after it, for the editor to show as a space", () => {
    const query = "{ .a = ";
    const tokens = markError(query, highlightTokens(query), 7, 7);
    expect(tokens.at(-1)).toEqual({ from: 7, to: 7, kind: "plain", error: true });
    expect(tokens.filter((token) => token.error)).toHaveLength(1);
  });
});
