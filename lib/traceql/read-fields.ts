import { RE2JS } from "re2js";
import { UNIT_US } from "../format/duration";
import { associate, FIELD_PRECEDENCE, type Item } from "./associate";
import type {
  AttributeScope,
  FieldExpr,
  FieldOp,
  Intrinsic,
  KindValue,
  Place,
  Static,
  StatusValue,
} from "./ast";
import { children, MAX_NESTING, type Node, place, QueryText } from "./syntax";

/** Every spelling of an intrinsic, by the one name the query tree uses. */
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

const DURATION = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)$/;

/**
 * Reads field expressions, what stands inside `{ … }` and in `by(…)`, `select(…)` and aggregates:
 * attributes by scope, intrinsics by any of their spellings, literals, and the operators between
 * them in Tempo's precedence.
 */
export class FieldReader extends QueryText {
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
  protected duration(node: Node): number {
    const text = this.text(node);
    const match = DURATION.exec(text);
    if (!match) return this.fail(node, `${text} is not a duration such as 100ms or 1.5s`);
    return Number(match[1]) * (UNIT_US[match[2] as string] as number);
  }
}

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
