import { parser } from "@grafana/lezer-traceql";
import { RE2JS } from "re2js";
import { UNIT_US } from "../format/duration";
import {
  type AggregateName,
  type AttributeScope,
  type Comparison,
  type FieldExpr,
  type FieldOp,
  type Intrinsic,
  type KindValue,
  type Place,
  type Query,
  type ScalarExpr,
  SPANSET_OPS,
  type SpansetExpr,
  type SpansetOp,
  type Stage,
  type Static,
  type StatusValue,
} from "./ast";

type Node = ReturnType<typeof parser.parse>["topNode"];

/** Longer than any query a person or Grafana writes; the HTTP parameters are bounded lower still. */
export const MAX_QUERY_LENGTH = 8192;
/** Parentheses and prefix operators nest at most this deep, so a crafted query cannot exhaust the stack. */
export const MAX_NESTING = 64;

/**
 * A query that cannot run, with where: Tempo's wording ("parse error at line 1, col 8: …"), which
 * Grafana shows as it is, and the offsets the search page underlines.
 */
export class TraceQLError extends Error {
  readonly line: number;
  readonly column: number;
  constructor(
    query: string,
    readonly from: number,
    readonly to: number,
    detail: string,
  ) {
    const before = query.slice(0, from).split("\n");
    const line = before.length;
    const column = (before.at(-1)?.length ?? 0) + 1;
    super(`parse error at line ${line}, col ${column}: ${detail}`);
    this.line = line;
    this.column = column;
  }
}

/**
 * Parses TraceQL with Grafana's grammar (@grafana/lezer-traceql, the one its editor uses) and builds
 * the query with Tempo's precedence, which the grammar does not encode: `|` binds loosest, then `&&`
 * and `||`, then the structural operators, all from the left; inside `{ … }`, `||` < `&&` <
 * comparisons < `+ -` < `* / %` < `^`, with `!` and `-` binding tightest. The grammar's tree nests
 * operators as they come, so the operands and operators are read off it in order and re-associated.
 * Throws TraceQLError naming the first place that cannot be read.
 */
export function parseTraceQL(query: string): Query {
  if (query.length > MAX_QUERY_LENGTH) {
    throw new TraceQLError(
      query,
      MAX_QUERY_LENGTH,
      query.length,
      `longer than ${MAX_QUERY_LENGTH} characters`,
    );
  }
  if (query.trim() === "") throw new TraceQLError(query, 0, 0, "empty query: expected a spanset such as { }");
  const top = parser.parse(query).topNode;
  const reader = new Reader(query);
  reader.refuseErrors(top);
  let root: SpansetExpr | undefined;
  let mostRecent = false;
  for (const child of children(top)) {
    if (child.name === "SpansetPipelineExpression") root = reader.spansetExpression(child, 0);
    else if (child.name === "WithHint") mostRecent = reader.mostRecent(child);
  }
  if (!root) throw new TraceQLError(query, 0, query.length, "expected a spanset such as { }");
  return { root, mostRecent };
}

function children(node: Node): Node[] {
  const list: Node[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.name !== "LineComment" && child.name !== "BlockComment") list.push(child);
  }
  return list;
}

const place = (node: Node): Place => ({ from: node.from, to: node.to });

/** An operand or an operator, in the order the query writes them. */
type Item<Operand, Op> = { operand: Operand } | { op: Op; at: Place } | { prefix: "!" | "-"; at: Place };

/**
 * Operator precedence parsing over items in query order: `precedence` of an operator (higher binds
 * tighter), `rightAssociative` for `^`. Prefix operators apply to the operand after them.
 */
function associate<Operand, Op>(
  items: Item<Operand, Op>[],
  precedence: (op: Op) => number,
  join: (op: Op, left: Operand, right: Operand, at: Place) => Operand,
  prefix: (op: "!" | "-", operand: Operand, at: Place) => Operand,
  rightAssociative: (op: Op) => boolean = () => false,
): Operand {
  let position = 0;
  const primary = (): Operand => {
    const item = items[position++];
    if (item && "prefix" in item) return prefix(item.prefix, primary(), item.at);
    if (item && "operand" in item) return item.operand;
    throw new Error("TraceQL items out of order");
  };
  const climb = (minimum: number): Operand => {
    let left = primary();
    for (;;) {
      const item = items[position];
      if (!item || !("op" in item) || precedence(item.op) < minimum) return left;
      position++;
      const next = rightAssociative(item.op) ? precedence(item.op) : precedence(item.op) + 1;
      left = join(item.op, left, climb(next), item.at);
    }
  };
  return climb(0);
}

const SPANSET_PRECEDENCE = (op: SpansetOp | "|"): number =>
  op === "|" ? 1 : op === "&&" || op === "||" ? 2 : 3;

const FIELD_PRECEDENCE: Record<FieldOp, number> = {
  "||": 1,
  "&&": 2,
  "=": 3,
  "!=": 3,
  ">": 3,
  ">=": 3,
  "<": 3,
  "<=": 3,
  "=~": 3,
  "!~": 3,
  "+": 4,
  "-": 4,
  "*": 5,
  "/": 5,
  "%": 5,
  "^": 6,
};

const INTRINSIC_NAMES: Record<string, Intrinsic> = {
  name: "name",
  "span:name": "name",
  status: "status",
  "span:status": "status",
  statusMessage: "statusMessage",
  "span:statusMessage": "statusMessage",
  kind: "kind",
  "span:kind": "kind",
  duration: "duration",
  "span:duration": "duration",
  "span:id": "spanID",
  "span:parentID": "parentID",
  "trace:id": "traceID",
  rootName: "rootName",
  "trace:rootName": "rootName",
  rootServiceName: "rootService",
  "trace:rootService": "rootService",
  traceDuration: "traceDuration",
  "trace:duration": "traceDuration",
  "event:name": "eventName",
  "instrumentation:name": "instrumentationName",
  "instrumentation:version": "instrumentationVersion",
};

/** Every spelling of an intrinsic the parser reads, for an editor to suggest. */
export const INTRINSIC_SPELLINGS = Object.keys(INTRINSIC_NAMES);

const SCOPES: Record<string, AttributeScope> = {
  Span: "span",
  Resource: "resource",
  Event: "event",
  Link: "link",
  Instrumentation: "instrumentation",
};

const STATUS_VALUES = new Set<string>(["ok", "error", "unset"]);
const KIND_VALUES = new Set<string>(["unspecified", "internal", "server", "client", "producer", "consumer"]);
const AGGREGATES = new Set<string>(["avg", "min", "max", "sum"]);
const COMPARISONS = new Set<string>(["=", "!=", ">", ">=", "<", "<="]);

const DURATION = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)$/;

/** Reads the grammar's tree into the query, with the text it was parsed from. */
class Reader {
  constructor(private readonly query: string) {}

  private text(node: Place): string {
    return this.query.slice(node.from, node.to);
  }

  private fail(at: Place, detail: string): never {
    throw new TraceQLError(this.query, at.from, at.to, detail);
  }

  /** The grammar recovers from errors and goes on; a query with any is refused at the first. */
  refuseErrors(top: Node): void {
    let first: Node | undefined;
    top.cursor().iterate((ref) => {
      if (first) return false;
      if (ref.type.isError) first = ref.node;
      return undefined;
    });
    if (first) this.fail(first, this.describeError(first));
  }

  private describeError(error: Node): string {
    const found = this.text(error).trim();
    const before = error.prevSibling;
    const parent = error.parent?.name;
    if (found !== "") {
      if (parent === "SpansetFilter" && /^[A-Za-z_]/.test(found)) {
        return `unknown identifier "${found.split(/[\s=!<>~]/)[0]}": write an attribute as span.x, resource.x or .x, or an intrinsic such as name, status, kind or duration`;
      }
      return `unexpected ${JSON.stringify(found.slice(0, 40))}`;
    }
    const next = this.query.slice(error.from).trimStart();
    const where = next === "" ? "end of query" : JSON.stringify(next.slice(0, 20));
    switch (before?.name) {
      case "FieldOp":
      case "ComparisonOp":
      case "And":
      case "Or":
        return `unexpected ${where} after ${this.text(before)}: expected a value or a field`;
      case "Pipe":
        return `unexpected ${where} after |: expected { … }, count() > n, by(…), select(…) or coalesce()`;
      default:
        if (before && SPANSET_OPS.includes(this.text(before) as SpansetOp)) {
          return `unexpected ${where} after ${this.text(before)}: expected a spanset { … }`;
        }
    }
    if (parent === "SpansetFilter") return `unexpected ${where}: expected } to close the spanset`;
    return `unexpected ${where}`;
  }

  mostRecent(hint: Node): boolean {
    for (const parameter of hint.getChild("HintParameters")?.getChildren("HintParameter") ?? []) {
      const name = parameter.getChild("HintIdentifier");
      const value = parameter.getChild("HintValue");
      if (name && value && this.text(name) === "most_recent") return this.text(value) === "true";
    }
    return false;
  }

  // Spansets and pipelines.

  spansetExpression(node: Node, depth: number): SpansetExpr {
    if (depth > MAX_NESTING) this.fail(node, `nested more than ${MAX_NESTING} deep`);
    const items: Item<SpansetOrStage, SpansetOp | "|">[] = [];
    this.flattenSpansets(node, items, depth);
    const built = associate<SpansetOrStage, SpansetOp | "|">(
      items,
      SPANSET_PRECEDENCE,
      (op, left, right, at) => this.joinSpansets(op, left, right, at),
      (_op, _operand, at) => this.fail(at, "unexpected operator"),
    );
    return this.asSpanset(built);
  }

  private flattenSpansets(node: Node, items: Item<SpansetOrStage, SpansetOp | "|">[], depth: number): void {
    const kids = children(node);
    if (kids.length === 1) {
      const [only] = kids as [Node];
      // A pipeline expression holding just another is one in parentheses: an operand of its own.
      if (only.name === "SpansetPipelineExpression" && this.query[node.from] === "(") {
        items.push({ operand: { spanset: this.spansetExpression(only, depth + 1) } });
      } else if (only.name === "SpansetPipelineExpression") {
        this.flattenSpansets(only, items, depth);
      } else if (only.name === "SpansetPipeline") {
        items.push({ operand: this.pipelineElement(only) });
      } else {
        this.fail(only, `unexpected ${JSON.stringify(this.text(only))}`);
      }
      return;
    }
    const left = kids[0] as Node;
    const right = kids.at(-1) as Node;
    // The sibling operator `~` is an unnamed token in the grammar: it is the text between the sides.
    const between: Place = kids.length === 3 ? place(kids[1] as Node) : { from: left.to, to: right.from };
    const op = this.text(between).trim();
    if (op !== "|" && !SPANSET_OPS.includes(op as SpansetOp)) this.fail(between, `unknown operator "${op}"`);
    this.flattenSpansets(left, items, depth);
    items.push({ op: op as SpansetOp | "|", at: between });
    this.flattenSpansets(right, items, depth);
  }

  private pipelineElement(node: Node): SpansetOrStage {
    const element = node.firstChild;
    if (!element) return this.fail(node, "expected a spanset");
    const at = place(element);
    switch (element.name) {
      case "SpansetFilter":
        return { spanset: { kind: "filter", filter: this.filterOf(element), ...at } };
      case "ScalarFilter":
        return { stage: this.scalarFilter(element) };
      case "GroupOperation": {
        const field = element.getChild("FieldExpression");
        if (!field) this.fail(element, "by( ) needs a field, such as by(resource.service.name)");
        return { stage: { kind: "by", field: this.fieldExpression(field, 0), ...at } };
      }
      case "SelectOperation": {
        const fields = this.selectArgs(element).map((field) => this.fieldExpression(field, 0));
        return { stage: { kind: "select", fields, ...at } };
      }
      case "CoalesceOperation":
        return { stage: { kind: "coalesce", ...at } };
      default:
        return this.fail(
          element,
          `${this.text(element)} is a metrics query (TraceQL metrics, /api/metrics): Tracelight answers searches`,
        );
    }
  }

  private selectArgs(node: Node): Node[] {
    const fields: Node[] = [];
    const walk = (args: Node) => {
      for (const child of children(args)) {
        if (child.name === "SelectArgs") walk(child);
        else if (child.name === "FieldExpression") fields.push(child);
      }
    };
    const args = node.getChild("SelectArgs");
    if (args) walk(args);
    if (fields.length === 0) this.fail(node, "select( ) needs at least one field");
    return fields;
  }

  private joinSpansets(
    op: SpansetOp | "|",
    left: SpansetOrStage,
    right: SpansetOrStage,
    at: Place,
  ): SpansetOrStage {
    const input = this.asSpanset(left);
    if (op === "|") {
      const stage = "stage" in right ? right.stage : this.filterStage(right.spanset, at);
      const stages = input.kind === "pipeline" ? [...input.stages, stage] : [stage];
      const source = input.kind === "pipeline" ? input.input : input;
      return { spanset: { kind: "pipeline", input: source, stages, from: input.from, to: stage.to } };
    }
    const other = this.asSpanset(right);
    return { spanset: { kind: "spansetOp", op, left: input, right: other, from: input.from, to: other.to } };
  }

  /** After `|`, a spanset narrows each spanset: only a single `{ … }` can. */
  private filterStage(spanset: SpansetExpr, at: Place): Stage {
    if (spanset.kind !== "filter") {
      this.fail(spanset, `after ${this.text(at)} a spanset can only be a single { … } filter`);
    }
    return { kind: "filter", filter: spanset.filter, from: spanset.from, to: spanset.to };
  }

  private asSpanset(item: SpansetOrStage): SpansetExpr {
    if ("spanset" in item) return item.spanset;
    return this.fail(
      item.stage,
      `${this.text(item.stage)} can only follow a spanset and |, as in { } | count() > 1`,
    );
  }

  private filterOf(spansetFilter: Node): FieldExpr | undefined {
    const field = spansetFilter.getChild("FieldExpression");
    return field ? this.fieldExpression(field, 0) : undefined;
  }

  // Scalar filters: `count() > 2`, `avg(duration) > 20ms`.

  private scalarFilter(node: Node): Stage {
    const [left, op, right] = children(node);
    if (!left || !op || !right) this.fail(node, "expected a comparison such as count() > 1");
    const comparison = this.text(op);
    if (!COMPARISONS.has(comparison))
      this.fail(op, `expected a comparison (=, !=, <, <=, >, >=), got ${comparison}`);
    return {
      kind: "scalar",
      left: this.scalar(left),
      op: comparison as Comparison,
      right: this.scalar(right),
      ...place(node),
    };
  }

  private scalar(node: Node): ScalarExpr {
    const kids = children(node);
    const only = kids.length === 1 ? kids[0] : undefined;
    if (!only)
      return this.fail(
        node,
        "arithmetic between aggregates is not supported: compare one aggregate with a number",
      );
    const at = place(only);
    switch (only.name) {
      case "Aggregate": {
        const fn = only.getChild("AggregateExpression");
        if (!fn) return { kind: "aggregate", name: "count", ...at };
        const name = this.text(fn);
        if (!AGGREGATES.has(name))
          this.fail(fn, `unknown aggregate ${name}: expected count, avg, min, max or sum`);
        const field = only.getChild("FieldExpression");
        if (!field) this.fail(only, `${name}( ) needs a field, such as ${name}(duration)`);
        return {
          kind: "aggregate",
          name: name as AggregateName,
          field: this.fieldExpression(field, 0),
          ...at,
        };
      }
      case "Integer":
      case "Float":
        return { kind: "number", value: Number(this.text(only)), ...at };
      case "Duration":
        return { kind: "duration", us: this.duration(only), ...at };
      default:
        return this.scalar(only);
    }
  }

  // Field expressions, inside `{ … }`.

  fieldExpression(node: Node, depth: number): FieldExpr {
    if (depth > MAX_NESTING) this.fail(node, `nested more than ${MAX_NESTING} deep`);
    const items: Item<FieldExpr, FieldOp>[] = [];
    this.flattenFields(node, items, depth);
    return associate<FieldExpr, FieldOp>(
      items,
      (op) => FIELD_PRECEDENCE[op],
      (op, left, right) => this.binary(op, left, right),
      (op, operand, at) => this.prefixed(op, operand, at),
      (op) => op === "^",
    );
  }

  /** A regular expression is checked here, where its place is known, not when a span meets it. */
  private binary(op: FieldOp, left: FieldExpr, right: FieldExpr): FieldExpr {
    if ((op === "=~" || op === "!~") && right.kind === "static" && right.value.type === "string") {
      try {
        RE2JS.compile(right.value.value);
      } catch (error) {
        this.fail(right, `invalid regular expression: ${(error as Error).message}`);
      }
    }
    return { kind: "binary", op, left, right, from: left.from, to: right.to };
  }

  private flattenFields(node: Node, items: Item<FieldExpr, FieldOp>[], depth: number): void {
    const kids = children(node);
    if (kids.length === 3) {
      const [left, op, right] = kids as [Node, Node, Node];
      this.flattenFields(left, items, depth);
      items.push({ op: this.text(op) as FieldOp, at: place(op) });
      this.flattenFields(right, items, depth);
      return;
    }
    const only = kids[0];
    if (kids.length !== 1 || !only) this.fail(node, `unexpected ${JSON.stringify(this.text(node))}`);
    if (only.name !== "FieldExpression") {
      items.push({ operand: this.fieldLeaf(only) });
      return;
    }
    // One field expression inside another: parentheses, or a prefix `!` or `-` before it.
    const first = this.query[node.from];
    if (first === "(") {
      const inner = this.fieldExpression(only, depth + 1);
      items.push({ operand: { ...inner, from: node.from, to: node.to } });
    } else if (first === "!" || first === "-") {
      items.push({ prefix: first, at: { from: node.from, to: node.from + 1 } });
      this.flattenFields(only, items, depth + 1);
    } else {
      this.flattenFields(only, items, depth);
    }
  }

  private prefixed(op: "!" | "-", operand: FieldExpr, at: Place): FieldExpr {
    const span = { from: at.from, to: operand.to };
    if (op === "!") return { kind: "not", operand, ...span };
    // A negative literal is a literal, so `.a = -1` compares with -1 rather than computing it.
    if (operand.kind === "static") {
      const value = operand.value;
      if (value.type === "int" || value.type === "float") {
        return { kind: "static", value: { ...value, value: -value.value }, ...span };
      }
      if (value.type === "duration")
        return { kind: "static", value: { type: "duration", us: -value.us }, ...span };
    }
    return { kind: "negate", operand, ...span };
  }

  private fieldLeaf(node: Node): FieldExpr {
    const at = place(node);
    switch (node.name) {
      case "Static":
        return { kind: "static", value: this.static(node), ...at };
      case "IntrinsicField": {
        const name = INTRINSIC_NAMES[this.text(node)];
        if (!name) return this.fail(node, `${this.text(node)} is not supported`);
        return { kind: "intrinsic", name, ...at };
      }
      case "AttributeField":
        return this.attribute(node);
      default:
        return this.fail(node, `unexpected ${JSON.stringify(this.text(node))}`);
    }
  }

  private attribute(node: Node): FieldExpr {
    let scope: AttributeScope = "any";
    let parent = false;
    let identifier: Node | undefined;
    for (const child of children(node)) {
      if (child.name === "Parent") parent = true;
      else if (child.name === "Identifier") identifier = child;
      else if (SCOPES[child.name]) scope = SCOPES[child.name] as AttributeScope;
    }
    if (!identifier) return this.fail(node, "expected an attribute name");
    if (parent && scope !== "any" && scope !== "span" && scope !== "resource") {
      this.fail(node, "parent. takes span. or resource. attributes");
    }
    return { kind: "attribute", scope, name: unquoteName(this.text(identifier)), parent, ...place(node) };
  }

  private static(node: Node): Static {
    const literal = node.firstChild;
    const text = this.text(node);
    if (!literal) {
      if (text === "true" || text === "false") return { type: "bool", value: text === "true" };
      if (text === "nil") return { type: "nil" };
      if (STATUS_VALUES.has(text)) return { type: "status", value: text as StatusValue };
      if (KIND_VALUES.has(text)) return { type: "kind", value: text as KindValue };
      return this.fail(node, `unknown value ${text}`);
    }
    switch (literal.name) {
      case "String":
        return { type: "string", value: unquoteString(text) };
      case "Integer": {
        const value = Number(text);
        if (!Number.isSafeInteger(value)) this.fail(node, `${text} is past the largest exact integer (2^53)`);
        return { type: "int", value };
      }
      case "Float":
        return { type: "float", value: Number(text) };
      case "Duration":
        return { type: "duration", us: this.duration(literal) };
      case "TemplateVariable":
        return this.fail(node, `${text} is a Grafana variable: Grafana replaces it before sending the query`);
      default:
        return this.fail(node, `unexpected ${JSON.stringify(text)}`);
    }
  }

  /** A duration literal as the grammar reads it: a number and one unit, `100ms`, `1.5s`, `250ns`. */
  private duration(node: Node): number {
    const text = this.text(node);
    const match = DURATION.exec(text);
    if (!match) return this.fail(node, `${text} is not a duration such as 100ms or 1.5s`);
    return Number(match[1]) * (UNIT_US[match[2] as string] as number);
  }
}

/** A spanset, or a stage that only a `|` may take. */
type SpansetOrStage = { spanset: SpansetExpr } | { stage: Stage };

/** A string literal's value: double quotes with `\"`, `\\` and the usual escapes, or backticks, raw. */
function unquoteString(text: string): string {
  if (text.startsWith("`")) return text.slice(1, -1);
  return text.slice(1, -1).replace(/\\(.)/g, (_, escaped: string) => ESCAPES[escaped] ?? escaped);
}

const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r" };

/** An attribute name as written after its scope: `http.method`, `"with space"`, `http."x y"`. */
function unquoteName(text: string): string {
  return text.replace(/"((?:[^"\\]|\\.)*)"/g, (_, inner: string) => inner.replace(/\\(.)/g, "$1"));
}
