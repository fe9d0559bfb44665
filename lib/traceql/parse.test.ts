import { describe, expect, it } from "vitest";
import {
  type FieldExpr,
  type ScalarExpr,
  SPANSET_OPS,
  type SpansetExpr,
  type Stage,
  type Static,
} from "./ast";
import { MAX_NESTING, parseTraceQL, TraceQLError } from "./parse";

/** The query with every operator's operands in parentheses, so a test reads the precedence. */
function show(query: string): string {
  return spanset(parseTraceQL(query).root);
}

function spanset(expr: SpansetExpr): string {
  switch (expr.kind) {
    case "filter":
      return expr.filter ? `{ ${field(expr.filter)} }` : "{ }";
    case "spansetOp":
      return `(${spanset(expr.left)} ${expr.op} ${spanset(expr.right)})`;
    case "pipeline":
      return `(${[spanset(expr.input), ...expr.stages.map(stage)].join(" | ")})`;
  }
}

function stage(expr: Stage): string {
  switch (expr.kind) {
    case "filter":
      return expr.filter ? `{ ${field(expr.filter)} }` : "{ }";
    case "scalar":
      return `${scalar(expr.left)} ${expr.op} ${scalar(expr.right)}`;
    case "by":
      return `by(${field(expr.field)})`;
    case "select":
      return `select(${expr.fields.map(field).join(", ")})`;
    case "coalesce":
      return "coalesce()";
  }
}

function scalar(expr: ScalarExpr): string {
  if (expr.kind === "aggregate") return `${expr.name}(${expr.field ? field(expr.field) : ""})`;
  return expr.kind === "number" ? String(expr.value) : `${expr.us}us`;
}

function field(expr: FieldExpr): string {
  switch (expr.kind) {
    case "static":
      return literal(expr.value);
    case "intrinsic":
      return expr.name;
    case "attribute":
      return `${expr.parent ? "parent" : ""}${expr.scope === "any" ? "" : `${expr.parent ? "." : ""}${expr.scope}`}.${JSON.stringify(expr.name)}`;
    case "binary":
      return `(${field(expr.left)} ${expr.op} ${field(expr.right)})`;
    case "not":
      return `!${field(expr.operand)}`;
    case "negate":
      return `-${field(expr.operand)}`;
  }
}

function literal(value: Static): string {
  switch (value.type) {
    case "string":
      return JSON.stringify(value.value);
    case "duration":
      return `${value.us}us`;
    case "nil":
      return "nil";
    default:
      return String(value.value);
  }
}

function refusal(query: string): TraceQLError {
  try {
    parseTraceQL(query);
  } catch (error) {
    if (error instanceof TraceQLError) return error;
    throw error;
  }
  throw new Error(`${query} was parsed`);
}

describe("parseTraceQL", () => {
  it("reads a spanset filter's fields, scopes and literals", () => {
    expect(show('{ span.http.method = "GET" && resource.service.name =~ "pg.*" && .x != nil }')).toBe(
      '{ (((span."http.method" = "GET") && (resource."service.name" =~ "pg.*")) && (."x" != nil)) }',
    );
    expect(show("{ }")).toBe("{ }");
    expect(show("{ status = error && kind = server && .ok = true && .ratio >= 0.25 }")).toBe(
      '{ ((((status = error) && (kind = server)) && (."ok" = true)) && (."ratio" >= 0.25)) }',
    );
  });

  it("reads durations as microseconds", () => {
    expect(
      show("{ duration > 100ms || duration < 1.5s || duration = 2h || duration > 250ns || duration < 3µs }"),
    ).toBe(
      "{ (((((duration > 100000us) || (duration < 1500000us)) || (duration = 7200000000us)) || (duration > 0.25us)) || (duration < 3us)) }",
    );
  });

  it("resolves every spelling of an intrinsic to one name", () => {
    expect(show("{ trace:rootService = rootServiceName && trace:rootName = rootName }")).toBe(
      "{ ((rootService = rootService) && (rootName = rootName)) }",
    );
    expect(show("{ traceDuration > trace:duration && span:name = name && span:status = status }")).toBe(
      "{ (((traceDuration > traceDuration) && (name = name)) && (status = status)) }",
    );
    expect(
      show("{ span:kind = kind && span:duration = duration && span:statusMessage = statusMessage }"),
    ).toBe("{ (((kind = kind) && (duration = duration)) && (statusMessage = statusMessage)) }");
  });

  it("unquotes attribute names and strings", () => {
    expect(show('{ span."with space" = "a \\"quoted\\" \\\\ word" }')).toBe(
      '{ (span."with space" = "a \\"quoted\\" \\\\ word") }',
    );
    expect(show("{ .a = `back\\slash` }")).toBe('{ (."a" = "back\\\\slash") }');
  });

  it("reads parent attributes", () => {
    expect(show("{ parent.span.a = 1 && parent.b = 2 && parent.resource.c = 3 }")).toBe(
      '{ (((parent.span."a" = 1) && (parent."b" = 2)) && (parent.resource."c" = 3)) }',
    );
  });

  it("gives comparisons, arithmetic and prefix operators Tempo's precedence", () => {
    // The grammar alone nests these as they come: `.a = -(1 && …)`, `((.a > 1) + 2) * 3`.
    expect(show("{ .a = -1 && .b + 1 > 2 }")).toBe('{ ((."a" = -1) && ((."b" + 1) > 2)) }');
    expect(show("{ .a > 1 + 2 * 3 }")).toBe('{ (."a" > (1 + (2 * 3))) }');
    expect(show("{ .a = 1 || .b = 2 && .c = 3 }")).toBe('{ ((."a" = 1) || ((."b" = 2) && (."c" = 3))) }');
    expect(show("{ .a ^ 2 ^ 3 > 1 }")).toBe('{ ((."a" ^ (2 ^ 3)) > 1) }');
    expect(show("{ !(kind = server) && -.x < 0 }")).toBe('{ (!(kind = server) && (-."x" < 0)) }');
    expect(show("{ (.a = 1 || .b = 2) && .c = 3 }")).toBe('{ (((."a" = 1) || (."b" = 2)) && (."c" = 3)) }');
  });

  it("joins spansets with && and ||, looser than the structural operators, all from the left", () => {
    expect(show("{ .a = 1 } && { .b = 2 } >> { .c = 3 }")).toBe(
      '({ (."a" = 1) } && ({ (."b" = 2) } >> { (."c" = 3) }))',
    );
    expect(show("{ .a = 1 } > { .b = 2 } < { .c = 3 }")).toBe(
      '(({ (."a" = 1) } > { (."b" = 2) }) < { (."c" = 3) })',
    );
    expect(show("({ .a = 1 } || { .b = 2 }) >> { .c = 3 }")).toBe(
      '(({ (."a" = 1) } || { (."b" = 2) }) >> { (."c" = 3) })',
    );
  });

  it("reads every structural operator, the sibling operator and the negated and union forms", () => {
    for (const op of SPANSET_OPS.filter((op) => op !== "&&" && op !== "||")) {
      expect(show(`{ .a = 1 } ${op} { .b = 2 }`)).toBe(`({ (."a" = 1) } ${op} { (."b" = 2) })`);
    }
  });

  it("applies | last, even after a union structural operator the grammar binds looser", () => {
    expect(show("{ .a = 1 } &>> { .b = 2 } | by(.x)")).toBe(
      '(({ (."a" = 1) } &>> { (."b" = 2) }) | by(."x"))',
    );
    expect(show("{ .a = 1 } >> { .b = 2 } | count() > 2")).toBe(
      '(({ (."a" = 1) } >> { (."b" = 2) }) | count() > 2)',
    );
  });

  it("reads pipelines: aggregates, by, select, coalesce and further filters", () => {
    expect(show("{ .a = 1 } | avg(duration) > 20ms | coalesce() | select(span.b, .c) | { .d = 2 }")).toBe(
      '({ (."a" = 1) } | avg(duration) > 20000us | coalesce() | select(span."b", ."c") | { (."d" = 2) })',
    );
    expect(show("{ } | count() >= 50 | max(span.db.rows) < 1.5 | sum(duration) = 1s | min(.x) != 3")).toBe(
      '({ } | count() >= 50 | max(span."db.rows") < 1.5 | sum(duration) = 1000000us | min(."x") != 3)',
    );
    expect(show("({ .a = 1 } | count() > 1) && { .b = 2 }")).toBe(
      '(({ (."a" = 1) } | count() > 1) && { (."b" = 2) })',
    );
  });

  it("reads the most_recent hint, and keeps positions into the text", () => {
    expect(parseTraceQL("{ } with (most_recent=true)").mostRecent).toBe(true);
    expect(parseTraceQL("{ }").mostRecent).toBe(false);
    const root = parseTraceQL('{ .a = 1 } >> { name = "x" }').root;
    expect(root).toMatchObject({ kind: "spansetOp", from: 0, to: 28, right: { from: 14, to: 28 } });
  });

  it("refuses what it cannot read, naming the line, the column and what was expected", () => {
    expect(refusal("{ .a = }").message).toBe(
      'parse error at line 1, col 8: unexpected "}" after =: expected a value or a field',
    );
    expect(refusal('{ name = "x" ').message).toBe(
      "parse error at line 1, col 14: unexpected end of query: expected } to close the spanset",
    );
    expect(refusal("{ a = 1 }").message).toMatch(/^parse error at line 1, col 3: unknown identifier "a"/);
    expect(refusal("{ .a = 1 } |").message).toMatch(/after \|: expected \{ … \}, count\(\) > n/);
    expect(refusal("{ .a = 1 }\n  >> ").message).toMatch(
      /^parse error at line 2, col 6: .*expected a spanset/,
    );
    expect(refusal("")).toMatchObject({ from: 0, message: expect.stringMatching(/empty query/) });
  });

  it("refuses what it reads but cannot run, pointing at it", () => {
    expect(refusal("{ .a = 1 } | rate()")).toMatchObject({
      from: 13,
      to: 19,
      message: expect.stringMatching(/metrics/),
    });
    expect(refusal("count() > 1").message).toMatch(/can only follow a spanset and \|/);
    expect(refusal("{ .a = $var }").message).toMatch(/Grafana variable/);
    expect(refusal('{ link:traceID = "a" }')).toMatchObject({
      from: 2,
      message: expect.stringMatching(/not supported/),
    });
    expect(refusal("{ .a = 1 } | { .b = 1 } && { .c = 2 }").message).toMatch(/single \{ … \} filter/);
    expect(refusal("{ .a = 99999999999999999999 }").message).toMatch(/largest exact integer/);
    expect(refusal('{ name =~ "(unclosed" }')).toMatchObject({
      from: 10,
      message: expect.stringMatching(/invalid regular expression/),
    });
  });

  it("bounds the nesting and the length it takes", () => {
    const deep = `{ ${"(".repeat(MAX_NESTING + 1)}.a = 1${")".repeat(MAX_NESTING + 1)} }`;
    expect(refusal(deep).message).toMatch(/nested more than 64 deep/);
    expect(refusal(`{ .a = "${"x".repeat(9000)}" }`).message).toMatch(/longer than 8192 characters/);
    // A long chain of operators is not nesting: it is read without recursion per operator.
    const conditions = Array.from({ length: 400 }, (_, i) => `.a${i} = ${i}`).join(" && ");
    expect(() => parseTraceQL(`{ ${conditions} }`)).not.toThrow();
    const spansets = Array.from({ length: 300 }, (_, i) => `{ .a = ${i} }`).join(" >> ");
    expect(() => parseTraceQL(spansets)).not.toThrow();
  });
});
