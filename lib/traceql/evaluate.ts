import { RE2JS } from "re2js";
import type { TraceSummary } from "../api/trace-summary";
import type { Span } from "../model/span";
import type { Comparison, FieldExpr, Query, ScalarExpr, SpansetExpr, Stage } from "./ast";
import { type TraceFacts, TraceIndex } from "./trace-index";
import {
  anyOrNone,
  arithmetic,
  attribute,
  compareNumbers,
  equal,
  isNilLiteral,
  ordered,
  staticValue,
  truthy,
  type Value,
} from "./values";

/**
 * TraceQL on one trace's spans, as Tempo defines it: the reference the SQL search is checked
 * against, and what the trace page uses to mark the spans a query matched. Linear in the trace's
 * spans for every operator (the structural ones from one walk of the tree), and regular expressions
 * run on RE2 (re2js), linear in the text, as Tempo's Go RE2 is: a query cannot make it backtrack.
 */

/** A group of one trace's spans a query selected, with what the pipeline said of it. */
export interface Spanset {
  spans: Span[];
  /** `count()`, `avg(duration)`, `by(…)` results, by their text in the query. */
  attributes: Record<string, string | number | boolean>;
}

/** A trace a search matched: its summary, and what the query selected in it. */
export interface TraceMatch extends Match {
  trace: TraceSummary;
}

export interface Match {
  spansets: Spanset[];
  /** The fields `select(…)` asks to show on each matched span. */
  selected: FieldExpr[];
}

/** The spansets `query` selects in one trace; none when the trace does not match. */
export function evaluateTrace(query: Query, spans: readonly Span[], text: string, facts?: TraceFacts): Match {
  const trace = new TraceIndex(spans, facts);
  const selected: FieldExpr[] = [];
  const spansets = new Evaluator(trace, text, selected).spanset(query.root);
  return { spansets: spansets.filter((spanset) => spanset.spans.length > 0), selected };
}

const STRUCTURAL = new Set([">", ">>", "<", "<<", "~"]);

class Evaluator {
  private readonly regexes = new Map<string, RE2JS>();

  constructor(
    private readonly trace: TraceIndex,
    private readonly text: string,
    private readonly selected: FieldExpr[],
  ) {}

  spanset(expr: SpansetExpr): Spanset[] {
    switch (expr.kind) {
      case "filter":
        return [{ spans: this.filter(this.trace.spans, expr.filter), attributes: {} }];
      case "pipeline": {
        let spansets = this.spanset(expr.input);
        for (const stage of expr.stages) spansets = this.stage(stage, spansets);
        return spansets;
      }
      case "spansetOp": {
        const left = union(this.spanset(expr.left));
        const right = union(this.spanset(expr.right));
        return [{ spans: this.join(expr.op, left, right), attributes: {} }];
      }
    }
  }

  private filter(spans: readonly Span[], filter: FieldExpr | undefined): Span[] {
    if (!filter) return [...spans];
    return spans.filter((span) => truthy(this.field(filter, span)));
  }

  /** `&&`, `||`, and the structural operators: which spans of the two sides the result keeps. */
  private join(op: string, left: Span[], right: Span[]): Span[] {
    if (op === "&&") return left.length > 0 && right.length > 0 ? merge(left, right) : [];
    if (op === "||") return merge(left, right);
    const negated = op.startsWith("!");
    const both = op.startsWith("&");
    const relation = negated || both ? op.slice(1) : op;
    if (!STRUCTURAL.has(relation)) throw new Error(`unknown spanset operator ${op}`);
    const [rightMatched, leftMatched] = this.trace.relate(relation, left, right);
    if (negated) return right.filter((span) => !rightMatched.has(span));
    const kept = right.filter((span) => rightMatched.has(span));
    return both
      ? merge(
          left.filter((span) => leftMatched.has(span)),
          kept,
        )
      : kept;
  }

  // Pipeline stages.

  private stage(stage: Stage, spansets: Spanset[]): Spanset[] {
    switch (stage.kind) {
      case "filter":
        return spansets
          .map((spanset) => ({ ...spanset, spans: this.filter(spanset.spans, stage.filter) }))
          .filter((spanset) => spanset.spans.length > 0);
      case "scalar":
        return spansets.filter((spanset) => {
          const left = this.scalar(stage.left, spanset);
          const right = this.scalar(stage.right, spanset);
          if (left === undefined || right === undefined || !compareNumbers(stage.op, left, right))
            return false;
          const aggregate = [stage.left, stage.right].find((side) => side.kind === "aggregate");
          if (aggregate) spanset.attributes[this.source(aggregate)] = aggregate === stage.left ? left : right;
          return true;
        });
      case "by":
        return spansets.flatMap((spanset) => this.groupBy(stage.field, spanset));
      case "select":
        this.selected.push(...stage.fields);
        return spansets;
      case "coalesce":
        return spansets.length === 0 ? [] : [{ spans: union(spansets), attributes: {} }];
    }
  }

  private groupBy(field: FieldExpr, spanset: Spanset): Spanset[] {
    const groups = new Map<string, Spanset>();
    const key = `by(${this.source(field)})`;
    for (const span of spanset.spans) {
      const value = this.field(field, span);
      if (value === undefined || value.type === "list") continue;
      const group = `${value.type}:${String(value.value)}`;
      let found = groups.get(group);
      if (!found) {
        found = { spans: [], attributes: { ...spanset.attributes, [key]: value.value } };
        groups.set(group, found);
      }
      found.spans.push(span);
    }
    return [...groups.values()];
  }

  /** An aggregate's value over the spanset, or a literal; undefined when there is nothing to take. */
  private scalar(expr: ScalarExpr, spanset: Spanset): number | undefined {
    if (expr.kind === "number") return expr.value;
    if (expr.kind === "duration") return expr.us;
    if (expr.name === "count") return spanset.spans.length;
    const values: number[] = [];
    for (const span of spanset.spans) {
      const value = expr.field ? this.field(expr.field, span) : undefined;
      if (value?.type === "number" || value?.type === "duration") values.push(value.value);
    }
    if (values.length === 0) return undefined;
    switch (expr.name) {
      case "sum":
        return values.reduce((a, b) => a + b, 0);
      case "avg":
        return values.reduce((a, b) => a + b, 0) / values.length;
      case "min":
        return values.reduce((a, b) => Math.min(a, b));
      case "max":
        return values.reduce((a, b) => Math.max(a, b));
    }
  }

  private source(at: { from: number; to: number }): string {
    return this.text.slice(at.from, at.to);
  }

  // Fields, on one span.

  field(expr: FieldExpr, span: Span): Value | undefined {
    switch (expr.kind) {
      case "static":
        return staticValue(expr.value);
      case "intrinsic":
        return this.intrinsic(expr.name, span);
      case "attribute": {
        const target = expr.parent ? this.trace.parentOf(span) : span;
        return target && attribute(expr.scope, expr.name, target);
      }
      case "not": {
        const value = this.field(expr.operand, span);
        return value?.type === "bool" ? { type: "bool", value: !value.value } : undefined;
      }
      case "negate": {
        const value = this.field(expr.operand, span);
        return value?.type === "number" || value?.type === "duration"
          ? { ...value, value: -value.value }
          : undefined;
      }
      case "binary":
        return this.binary(expr.op, expr.left, expr.right, span);
    }
  }

  private binary(op: string, leftExpr: FieldExpr, rightExpr: FieldExpr, span: Span): Value | undefined {
    if (op === "&&" || op === "||") {
      const left = truthy(this.field(leftExpr, span));
      if (op === "&&" ? !left : left) return { type: "bool", value: left };
      return { type: "bool", value: truthy(this.field(rightExpr, span)) };
    }
    const left = this.field(leftExpr, span);
    const right = this.field(rightExpr, span);
    if (op === "=" || op === "!=") {
      // `= nil` asks for absence, `!= nil` for presence.
      if (isNilLiteral(leftExpr) || isNilLiteral(rightExpr)) {
        const other = isNilLiteral(rightExpr) ? left : right;
        return { type: "bool", value: op === "=" ? other === undefined : other !== undefined };
      }
      if (left === undefined || right === undefined) return { type: "bool", value: false };
      return { type: "bool", value: anyOrNone(op, left, (one) => equal(one, right)) };
    }
    if (left === undefined || right === undefined) return { type: "bool", value: false };
    if (op === "=~" || op === "!~") {
      if (right.type !== "string") return { type: "bool", value: false };
      const regex = this.regex(right.value);
      return {
        type: "bool",
        value: anyOrNone(op, left, (one) => one.type === "string" && regex.matches(one.value)),
      };
    }
    if (op === ">" || op === ">=" || op === "<" || op === "<=") {
      return { type: "bool", value: anyOrNone(op, left, (one) => ordered(op as Comparison, one, right)) };
    }
    return arithmetic(op, left, right);
  }

  private regex(pattern: string): RE2JS {
    let regex = this.regexes.get(pattern);
    if (!regex) {
      regex = RE2JS.compile(pattern);
      this.regexes.set(pattern, regex);
    }
    return regex;
  }

  private intrinsic(name: string, span: Span): Value | undefined {
    switch (name) {
      case "name":
        return { type: "string", value: span.name };
      case "status":
        return { type: "status", value: span.status.code.toLowerCase() };
      case "statusMessage":
        return span.status.message === undefined ? undefined : { type: "string", value: span.status.message };
      case "kind":
        return { type: "kind", value: span.kind.toLowerCase() };
      case "duration":
        return { type: "duration", value: span.durationUs };
      case "spanID":
        return { type: "string", value: span.spanId };
      case "parentID":
        return span.parentSpanId === undefined ? undefined : { type: "string", value: span.parentSpanId };
      case "traceID":
        return { type: "string", value: span.traceId };
      case "rootName":
        return this.trace.rootName === undefined ? undefined : { type: "string", value: this.trace.rootName };
      case "rootService":
        return this.trace.rootService === undefined
          ? undefined
          : { type: "string", value: this.trace.rootService };
      case "traceDuration":
        return { type: "duration", value: this.trace.durationUs };
      case "eventName":
        return { type: "list", values: span.events.map((event) => ({ type: "string", value: event.name })) };
      case "instrumentationName":
        return span.scope ? { type: "string", value: span.scope.name } : undefined;
      case "instrumentationVersion":
        return span.scope?.version === undefined ? undefined : { type: "string", value: span.scope.version };
      default:
        return undefined;
    }
  }
}

function union(spansets: Spanset[]): Span[] {
  return merge(...spansets.map((spanset) => spanset.spans));
}

function merge(...lists: Span[][]): Span[] {
  return [...new Set(lists.flat())];
}
