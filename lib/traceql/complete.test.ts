import { describe, expect, it } from "vitest";
import { applyCompletion, type CompletionSources, completionContext, completions } from "./complete";

/** A query with `‸` where the cursor is. */
function at(marked: string): [string, number] {
  const cursor = marked.indexOf("‸");
  return [marked.slice(0, cursor) + marked.slice(cursor + 1), cursor];
}

const SOURCES: CompletionSources = {
  attributes: {
    span: ["http.method", "http.status_code", "db.system"],
    resource: ["service.name", "region"],
  },
  values: [
    { type: "string", value: "GET" },
    { type: "string", value: "POST" },
    { type: "int", value: "200" },
  ],
};

describe("completionContext", () => {
  it.each([
    ["a field after {", "{ ‸", { kind: "field", prefix: "" }],
    ["a field being typed", "{ dur‸", { kind: "field", prefix: "dur" }],
    ["a field after &&", '{ .a = "x" && ‸', { kind: "field", prefix: "" }],
    ["a field in by( )", "{ } | by(‸", { kind: "field", prefix: "" }],
    ["span attributes after span.", "{ span.‸", { kind: "attribute", scope: "span", prefix: "" }],
    [
      "resource attributes being typed",
      "{ resource.serv‸",
      { kind: "attribute", scope: "resource", prefix: "serv" },
    ],
    ["unscoped attributes after .", "{ .ht‸", { kind: "attribute", scope: "any", prefix: "ht" }],
    ["a parent's attributes", "{ parent.span.‸", { kind: "attribute", scope: "span", prefix: "" }],
    ["a comparison after a field", "{ span.http.method ‸", { kind: "operator", prefix: "" }],
    [
      "a value after a comparison",
      "{ span.http.method = ‸",
      { kind: "value", field: "span.http.method", prefix: "" },
    ],
    ["a value being typed, quoted", '{ .a =~ "fo‸', { kind: "value", field: ".a", prefix: "fo" }],
    ["a keyword value being typed", "{ status = err‸", { kind: "value", field: "status", prefix: "err" }],
    ["a pipeline stage after |", "{ .a = 1 } | ‸", { kind: "stage", prefix: "" }],
    ["a stage being typed", "{ .a = 1 } | co‸", { kind: "stage", prefix: "co" }],
  ])("%s", (_, marked, expected) => {
    expect(completionContext(...at(marked))).toMatchObject(expected);
  });

  it.each([
    ["outside any spanset", "‸"],
    ["after a closed spanset", "{ .a = 1 } ‸"],
    ["after a value", '{ .a = "x" ‸'],
    ["inside a string at a field's place", '{ "ab‸'],
  ])("offers nothing %s", (_, marked) => {
    expect(completionContext(...at(marked))).toBeUndefined();
  });

  it("replaces the whole word the cursor is in", () => {
    const [text, cursor] = at("{ span.http.me‸thod = 1 }");
    expect(completionContext(text, cursor)).toMatchObject({ from: 7, to: 18, prefix: "http.me" });
  });
});

describe("completions", () => {
  const labels = (marked: string) =>
    completions(
      completionContext(...at(marked)) ?? { kind: "operator", from: 0, to: 0, prefix: "" },
      SOURCES,
    ).map((item) => item.label);

  it.each([
    [
      "scopes and intrinsics starting with what is typed",
      "{ s‸",
      ["span.", "status", "statusMessage", "span:name"],
    ],
    ["a scope's own names", "{ resource.‸", ["service.name", "region"]],
    [
      "both scopes' names for an unscoped attribute",
      "{ .‸",
      ["db.system", "http.method", "http.status_code", "region", "service.name"],
    ],
    [
      "names starting with the text first, then names holding it",
      "{ .s‸",
      ["service.name", "db.system", "http.status_code"],
    ],
    ["values starting with the text", '{ .http.method = "P‸', ["POST"]],
    ["the stages a pipeline takes", "{ } | ‸", ["count()", "avg(…)", "min(…)", "max(…)", "sum(…)", "by(…)"]],
    [
      "stages starting with what is typed, then holding it",
      "{ } | c‸",
      ["count()", "coalesce()", "select(…)"],
    ],
  ])("%s", (_, marked, expected) => {
    const got = labels(marked);
    expect(got.slice(0, expected.length)).toEqual(expected);
  });
});

describe("applyCompletion", () => {
  it.each([
    ["a scope, completing on", "{ sp‸", "span.", "{ span.‸"],
    ["an attribute name after its scope", "{ span.ht‸", "http.method", "{ span.http.method ‸"],
    ["a string value quoted", "{ span.http.method = ‸", "GET", '{ span.http.method = "GET" ‸'],
    ["a number bare", "{ span.http.status_code = ‸", "200", "{ span.http.status_code = 200 ‸"],
    [
      "over the rest of a word, not doubling a space",
      "{ span.ht‸x = 1 }",
      "http.method",
      "{ span.http.method ‸= 1 }",
    ],
  ])("%s", (_, marked, label, expected) => {
    const [text, cursor] = at(marked);
    const context = completionContext(text, cursor);
    if (!context) throw new Error("no context");
    const completion = completions(context, SOURCES).find((item) => item.label === label);
    if (!completion) throw new Error(`no ${label}`);
    const result = applyCompletion(text, context, completion);
    expect(`${result.text.slice(0, result.cursor)}‸${result.text.slice(result.cursor)}`).toBe(expected);
  });
});
