import { parser } from "@grafana/lezer-traceql";
import { associate, type Item, SPANSET_PRECEDENCE } from "./associate";
import {
  type AggregateName,
  type Comparison,
  type FieldExpr,
  type Place,
  type Query,
  type ScalarExpr,
  SPANSET_OPS,
  type SpansetExpr,
  type SpansetOp,
  type Stage,
} from "./ast";
import { FieldReader } from "./read-fields";
import { children, MAX_NESTING, type Node, place, refuseSyntaxErrors, TraceQLError } from "./syntax";

export { INTRINSIC_SPELLINGS } from "./read-fields";
export { MAX_NESTING, TraceQLError } from "./syntax";

/** Longer than any query a person or Grafana writes; the HTTP parameters are bounded lower still. */
export const MAX_QUERY_LENGTH = 8192;

const AGGREGATES = new Set<string>(["avg", "min", "max", "sum"]);
const COMPARISONS = new Set<string>(["=", "!=", ">", ">=", "<", "<="]);

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
  refuseSyntaxErrors(query, top);
  const reader = new Reader(query);
  let root: SpansetExpr | undefined;
  let mostRecent = false;
  for (const child of children(top)) {
    if (child.name === "SpansetPipelineExpression") root = reader.spansetExpression(child, 0);
    else if (child.name === "WithHint") mostRecent = reader.mostRecent(child);
  }
  if (!root) throw new TraceQLError(query, 0, query.length, "expected a spanset such as { }");
  return { root, mostRecent };
}

/** Reads the grammar's tree into the query, with the text it was parsed from. */
class Reader extends FieldReader {
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
}

/** A spanset, or a stage that only a `|` may take. */
type SpansetOrStage = { spanset: SpansetExpr } | { stage: Stage };
