import { RE2JS } from "re2js";
import type { TraceSummary } from "../api/trace-summary";
import type { AttributeValue, Span } from "../model/span";
import { buildTraceTree } from "../trace/tree";
import type { Comparison, FieldExpr, Query, ScalarExpr, SpansetExpr, Stage, Static } from "./ast";

/**
 * TraceQL on one trace's spans, as Tempo defines it: the reference the SQL search is checked
 * against, and what the trace page uses to mark the spans a query matched. Linear in the trace's
 * spans for every operator (the structural ones from one walk of the tree), and regular expressions
 * run on RE2 (re2js), linear in the text, as Tempo's Go RE2 is: a query cannot make it backtrack.
 */

/** A value as TraceQL compares it; `undefined` is nil (absent). Durations are µs. */
type Value =
  | { type: "string"; value: string }
  | { type: "number"; value: number }
  | { type: "duration"; value: number }
  | { type: "bool"; value: boolean }
  | { type: "status"; value: string }
  | { type: "kind"; value: string }
  | { type: "list"; values: Value[] };

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

/**
 * What the trace-level intrinsics read: from the spans given, unless the caller knows them from the
 * whole trace (the search evaluates a trace's matching spans only, with its summary row's facts).
 */
export interface TraceFacts {
  rootName: string | undefined;
  rootService: string | undefined;
  durationUs: number;
}

/** The spansets `query` selects in one trace; none when the trace does not match. */
export function evaluateTrace(query: Query, spans: readonly Span[], text: string, facts?: TraceFacts): Match {
  const trace = new TraceIndex(spans, facts);
  const selected: FieldExpr[] = [];
  const spansets = new Evaluator(trace, text, selected).spanset(query.root);
  return { spansets: spansets.filter((spanset) => spanset.spans.length > 0), selected };
}

/** The tree relations TraceQL's structural operators ask about, by span index. */
class TraceIndex {
  readonly spans: Span[];
  readonly parent: Int32Array;
  readonly rootName: string | undefined;
  readonly rootService: string | undefined;
  readonly durationUs: number;
  private readonly index: Map<Span, number>;

  constructor(spans: readonly Span[], facts: TraceFacts | undefined) {
    // The trace page's tree (Zipkin's shared halves, missing parents, parent loops), in pre-order.
    const { rows } = buildTraceTree(spans);
    this.spans = rows.map((row) => row.span);
    this.parent = new Int32Array(rows.length).fill(-1);
    const path: number[] = [];
    rows.forEach((row, i) => {
      path.length = row.depth;
      if (row.depth > 0) this.parent[i] = path[row.depth - 1] as number;
      path.push(i);
    });
    this.index = new Map(this.spans.map((span, i) => [span, i]));
    if (facts) {
      ({ rootName: this.rootName, rootService: this.rootService, durationUs: this.durationUs } = facts);
      return;
    }
    const root = rows.find((row) => row.depth === 0 && row.span.parentSpanId === undefined) ?? rows[0];
    this.rootName = root?.span.name;
    this.rootService = root?.span.serviceName;
    let start = Number.POSITIVE_INFINITY;
    let end = Number.NEGATIVE_INFINITY;
    for (const span of this.spans) {
      start = Math.min(start, span.startUs);
      end = Math.max(end, span.startUs + span.durationUs);
    }
    this.durationUs = this.spans.length > 0 ? end - start : 0;
  }

  parentOf(span: Span): Span | undefined {
    const p = this.parent[this.index.get(span) ?? -1] ?? -1;
    return p >= 0 ? this.spans[p] : undefined;
  }

  flags(spans: Span[]): Uint8Array {
    const flags = new Uint8Array(this.spans.length);
    for (const span of spans) flags[this.index.get(span) as number] = 1;
    return flags;
  }

  setOf(flags: Uint8Array): Set<Span> {
    return new Set(this.spans.filter((_, i) => flags[i]));
  }

  /** Whether some proper ancestor of each span is flagged: pre-order puts a parent before its children. */
  ancestorIn(flags: Uint8Array): Uint8Array {
    const below = new Uint8Array(this.spans.length);
    for (let i = 0; i < this.spans.length; i++) {
      const p = this.parent[i] as number;
      if (p >= 0 && (flags[p] || below[p])) below[i] = 1;
    }
    return below;
  }

  /** Whether some proper descendant of each span is flagged: children come after, so walk backwards. */
  descendantIn(flags: Uint8Array): Uint8Array {
    const above = new Uint8Array(this.spans.length);
    for (let i = this.spans.length - 1; i >= 0; i--) {
      const p = this.parent[i] as number;
      if (p >= 0 && (flags[i] || above[i])) above[p] = 1;
    }
    return above;
  }
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
    const [rightMatched, leftMatched] = this.relate(relation, left, right);
    if (negated) return right.filter((span) => !rightMatched.has(span));
    const kept = right.filter((span) => rightMatched.has(span));
    return both
      ? merge(
          left.filter((span) => leftMatched.has(span)),
          kept,
        )
      : kept;
  }

  /**
   * For `{L} op {R}`: the R spans that stand in the relation to some L span, and the L spans that
   * take part (for the union forms). A few passes over the tree, whatever its depth.
   */
  private relate(relation: string, left: Span[], right: Span[]): [Set<Span>, Set<Span>] {
    const { spans, parent } = this.trace;
    const inLeft = this.trace.flags(left);
    const inRight = this.trace.flags(right);
    const r = new Uint8Array(spans.length);
    const l = new Uint8Array(spans.length);
    switch (relation) {
      case ">": // R's parent is in L
        for (let i = 0; i < spans.length; i++) {
          const p = parent[i] as number;
          if (inRight[i] && p >= 0 && inLeft[p]) r[i] = l[p] = 1;
        }
        break;
      case "<": // R is the parent of an L span
        for (let i = 0; i < spans.length; i++) {
          const p = parent[i] as number;
          if (inLeft[i] && p >= 0 && inRight[p]) r[p] = l[i] = 1;
        }
        break;
      case ">>": {
        const belowLeft = this.trace.ancestorIn(inLeft);
        for (let i = 0; i < spans.length; i++) r[i] = inRight[i] && belowLeft[i] ? 1 : 0;
        const aboveRight = this.trace.descendantIn(r);
        for (let i = 0; i < spans.length; i++) l[i] = inLeft[i] && aboveRight[i] ? 1 : 0;
        break;
      }
      case "<<": {
        const aboveLeft = this.trace.descendantIn(inLeft);
        for (let i = 0; i < spans.length; i++) r[i] = inRight[i] && aboveLeft[i] ? 1 : 0;
        const belowRight = this.trace.ancestorIn(r);
        for (let i = 0; i < spans.length; i++) l[i] = inLeft[i] && belowRight[i] ? 1 : 0;
        break;
      }
      case "~": {
        // R has a sibling (same parent, not itself) in L; roots have none.
        const leftChildren = new Int32Array(spans.length);
        for (let i = 0; i < spans.length; i++) {
          const p = parent[i] as number;
          if (p >= 0 && inLeft[i]) leftChildren[p] = (leftChildren[p] as number) + 1;
        }
        const rightChildren = new Int32Array(spans.length);
        for (let i = 0; i < spans.length; i++) {
          const p = parent[i] as number;
          if (inRight[i] && p >= 0 && (leftChildren[p] as number) - (inLeft[i] as number) > 0) {
            r[i] = 1;
            rightChildren[p] = (rightChildren[p] as number) + 1;
          }
        }
        for (let i = 0; i < spans.length; i++) {
          const p = parent[i] as number;
          if (inLeft[i] && p >= 0 && (rightChildren[p] as number) - (r[i] as number) > 0) l[i] = 1;
        }
        break;
      }
    }
    return [this.trace.setOf(r), this.trace.setOf(l)];
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

function attribute(scope: string, name: string, span: Span): Value | undefined {
  switch (scope) {
    case "span":
      return attributeValue(span.attributes[name]);
    case "resource":
      return attributeValue(span.resource[name]);
    case "any":
      return attributeValue(span.attributes[name] ?? span.resource[name]);
    case "instrumentation":
      return attributeValue(span.scope?.attributes?.[name]);
    case "event":
      return listOf(span.events.map((event) => event.attributes?.[name]));
    case "link":
      return listOf(span.links.map((link) => link.attributes?.[name]));
    default:
      return undefined;
  }
}

function listOf(raw: (AttributeValue | undefined)[]): Value | undefined {
  const values = raw.map(attributeValue).filter((value): value is Value => value !== undefined);
  return values.length > 0 ? { type: "list", values } : undefined;
}

function attributeValue(raw: AttributeValue | undefined): Value | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === "string") return { type: "string", value: raw };
  if (typeof raw === "number") return { type: "number", value: raw };
  if (typeof raw === "boolean") return { type: "bool", value: raw };
  if (Array.isArray(raw)) return listOf(raw);
  return undefined; // a map: TraceQL has no way to compare one
}

function staticValue(value: Static): Value | undefined {
  switch (value.type) {
    case "string":
      return { type: "string", value: value.value };
    case "int":
    case "float":
      return { type: "number", value: value.value };
    case "duration":
      return { type: "duration", value: value.us };
    case "bool":
      return { type: "bool", value: value.value };
    case "status":
      return { type: "status", value: value.value };
    case "kind":
      return { type: "kind", value: value.value };
    case "nil":
      return undefined;
  }
}

const isNilLiteral = (expr: FieldExpr): boolean => expr.kind === "static" && expr.value.type === "nil";

const truthy = (value: Value | undefined): boolean => value?.type === "bool" && value.value;

/** A list matches `=`, `=~` and the orderings when any element does, `!=` and `!~` when none does. */
function anyOrNone(op: string, left: Value, test: (one: Value) => boolean): boolean {
  const negative = op === "!=" || op === "!~";
  if (left.type === "list") return negative ? !left.values.some(test) : left.values.some(test);
  return negative ? !test(left) : test(left);
}

function equal(left: Value, right: Value): boolean {
  if (left.type === "list" || right.type === "list") return false;
  return left.type === right.type && left.value === right.value;
}

/** Numbers, durations and strings order among their own type; anything else compares false. */
function ordered(op: Comparison, left: Value, right: Value): boolean {
  if (left.type === "string" && right.type === "string") return compareNumbers(op, left.value, right.value);
  const numeric = (left.type === "number" || left.type === "duration") && left.type === right.type;
  return numeric && compareNumbers(op, left.value as number, right.value as number);
}

function compareNumbers<T extends number | string>(op: Comparison, a: T, b: T): boolean {
  switch (op) {
    case "=":
      return a === b;
    case "!=":
      return a !== b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
  }
}

function arithmetic(op: string, left: Value, right: Value): Value | undefined {
  const numeric = (value: Value) => value.type === "number" || value.type === "duration";
  if (!numeric(left) || !numeric(right)) return undefined;
  const a = left.value as number;
  const b = right.value as number;
  const type = left.type === "duration" || right.type === "duration" ? "duration" : "number";
  const result =
    op === "+"
      ? a + b
      : op === "-"
        ? a - b
        : op === "*"
          ? a * b
          : op === "/"
            ? a / b
            : op === "%"
              ? a % b
              : a ** b;
  return Number.isFinite(result) ? { type, value: result } : undefined;
}

function union(spansets: Spanset[]): Span[] {
  return merge(...spansets.map((spanset) => spanset.spans));
}

function merge(...lists: Span[][]): Span[] {
  return [...new Set(lists.flat())];
}
