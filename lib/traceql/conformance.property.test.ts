import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JAEGER_JSON_FIXTURES, readFixture } from "../../test/fixtures";
import { makeSpan } from "../../test/spans";
import { anyTraceQL } from "../../test/traceql-queries";
import { decodeJaegerJson } from "../ingest/jaeger/json";
import type { Span } from "../model/span";
import { evaluateTrace } from "./evaluate";
import { parseTraceQL, TraceQLError } from "./parse";

/**
 * TraceQL's spanset operators against their definitions, written here the slow and obvious way
 * (walking parents one by one), on any tree fast-check makes: forests, orphans, deep chains, wide
 * fans. The evaluator answers the same in one pass; a difference is a wrong search result.
 */

const NAMES = ["a", "b", "c"] as const;
const id = (i: number) => (i + 1).toString(16).padStart(16, "0");

/** A trace of up to 40 spans, each naming an earlier span, a missing one (an orphan) or none as parent. */
const traces = fc
  .array(
    fc.record({
      parent: fc.oneof(fc.constant(-1), fc.constant(-2), fc.nat(39)),
      name: fc.constantFrom(...NAMES),
    }),
    { minLength: 1, maxLength: 40 },
  )
  .map((specs) =>
    specs.map(({ parent, name }, i): Span => {
      const parentSpanId =
        parent === -2 ? "00000000000000ff" : parent >= 0 && parent < i ? id(parent) : undefined;
      return makeSpan({ spanId: id(i), ...(parentSpanId ? { parentSpanId } : {}), name, startUs: 1_000 + i });
    }),
  );

type Relation = (b: Span, a: Span) => boolean;

function definitions(spans: Span[]): Record<string, Relation> {
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  const parentOf = (span: Span) =>
    span.parentSpanId === undefined ? undefined : byId.get(span.parentSpanId);
  const ancestors = (span: Span) => {
    const found: Span[] = [];
    for (let up = parentOf(span); up; up = parentOf(up)) found.push(up);
    return found;
  };
  return {
    ">": (b, a) => parentOf(b) === a,
    "<": (b, a) => parentOf(a) === b,
    ">>": (b, a) => ancestors(b).includes(a),
    "<<": (b, a) => ancestors(a).includes(b),
    "~": (b, a) => b !== a && parentOf(b) !== undefined && parentOf(b) === parentOf(a),
  };
}

const ids = (spans: Span[]) => spans.map((span) => span.spanId).sort();

function evaluated(query: string, spans: Span[]): string[] {
  const [spanset] = evaluateTrace(parseTraceQL(query), spans, query).spansets;
  return ids(spanset?.spans ?? []);
}

describe("the structural operators, by their definitions", () => {
  for (const relation of [">", "<", ">>", "<<", "~"]) {
    it(`{A} ${relation} {B}, its negation and its union`, () => {
      fc.assert(
        fc.property(traces, fc.constantFrom(...NAMES), fc.constantFrom(...NAMES), (spans, left, right) => {
          const relates = definitions(spans)[relation] as Relation;
          const A = spans.filter((span) => span.name === left);
          const B = spans.filter((span) => span.name === right);
          const matchedB = B.filter((b) => A.some((a) => relates(b, a)));
          const matchedA = A.filter((a) => B.some((b) => relates(b, a)));
          const [l, r] = [`{ name = "${left}" }`, `{ name = "${right}" }`];
          expect(evaluated(`${l} ${relation} ${r}`, spans)).toEqual(ids(matchedB));
          expect(evaluated(`${l} !${relation} ${r}`, spans)).toEqual(
            ids(B.filter((b) => !matchedB.includes(b))),
          );
          expect(evaluated(`${l} &${relation} ${r}`, spans)).toEqual(
            ids([...new Set([...matchedA, ...matchedB])]),
          );
        }),
        { numRuns: 200 },
      );
    });
  }

  it("joins with && only when both sides hold spans, with || when either does", () => {
    fc.assert(
      fc.property(traces, fc.constantFrom(...NAMES), fc.constantFrom(...NAMES), (spans, left, right) => {
        const A = spans.filter((span) => span.name === left);
        const B = spans.filter((span) => span.name === right);
        const both = ids([...new Set([...A, ...B])]);
        const [l, r] = [`{ name = "${left}" }`, `{ name = "${right}" }`];
        expect(evaluated(`${l} && ${r}`, spans)).toEqual(A.length > 0 && B.length > 0 ? both : []);
        expect(evaluated(`${l} || ${r}`, spans)).toEqual(both);
      }),
      { numRuns: 200 },
    );
  });
});

describe("the structural operators on the corpus's Jaeger traces", { tags: ["corpus"] }, () => {
  it.each(JAEGER_JSON_FIXTURES.map(([path]) => path))("%s", (path) => {
    const spans = decodeJaegerJson(readFixture(path)).spans;
    const services = [...new Set(spans.map((span) => span.serviceName))];
    const relations = definitions(spans);
    for (const service of services) {
      for (const [relation, relates] of Object.entries(relations)) {
        const A = spans.filter((span) => span.serviceName === service);
        const matched = spans.filter((b) => A.some((a) => relates(b, a)));
        const query = `{ resource.service.name = ${JSON.stringify(service)} } ${relation} { }`;
        expect([query, evaluated(query, spans)]).toEqual([query, ids(matched)]);
      }
    }
  });
});

describe("the definitions' edges", () => {
  // root a → child b → grandchild c; a second child b2 of a; c2 a child of c.
  const spans = [
    makeSpan({ spanId: id(0), name: "a" }),
    makeSpan({ spanId: id(1), parentSpanId: id(0), name: "b" }),
    makeSpan({ spanId: id(2), parentSpanId: id(1), name: "c" }),
    makeSpan({ spanId: id(3), parentSpanId: id(0), name: "b2" }),
    makeSpan({ spanId: id(4), parentSpanId: id(2), name: "c2" }),
  ];
  const names = (query: string) => {
    const [spanset] = evaluateTrace(parseTraceQL(query), spans, query).spansets;
    return (spanset?.spans ?? []).map((span) => span.name).sort();
  };

  it("> is a child only, never a grandchild; >> any depth below", () => {
    expect(names('{ name = "a" } > { name = "c" }')).toEqual([]);
    expect(names('{ name = "a" } >> { name = "c" || name = "c2" }')).toEqual(["c", "c2"]);
    expect(names('{ name = "a" } > { }')).toEqual(["b", "b2"]);
  });

  it("< is a parent only; << any ancestor", () => {
    expect(names('{ name = "c" } < { }')).toEqual(["b"]);
    expect(names('{ name = "c2" } << { }')).toEqual(["a", "b", "c"]);
  });

  it("~ is a sibling, never the span itself, and a root has none", () => {
    expect(names('{ name = "b" } ~ { name = "b" }')).toEqual([]);
    expect(names('{ name = "b" } ~ { }')).toEqual(["b2"]);
    expect(names('{ name = "a" } ~ { }')).toEqual([]);
    expect(names("{ } ~ { }")).toEqual(["b", "b2"]);
  });
});

describe("any query", () => {
  it("parses or is refused with a place, and evaluates without throwing", () => {
    const trace = [makeSpan({ spanId: id(0), name: "a" }), makeSpan({ spanId: id(1), parentSpanId: id(0) })];
    fc.assert(
      fc.property(anyTraceQL, (text) => {
        let query: ReturnType<typeof parseTraceQL>;
        try {
          query = parseTraceQL(text);
        } catch (error) {
          expect(error).toBeInstanceOf(TraceQLError);
          const { from, to } = error as TraceQLError;
          expect(0 <= from && from <= to && to <= text.length).toBe(true);
          return;
        }
        expect(() => evaluateTrace(query, trace, text)).not.toThrow();
      }),
      { numRuns: 2_000 },
    );
  });
});
