import type { AttributeValue, Span } from "../model/span";
import type { Comparison, FieldExpr, Static } from "./ast";

/**
 * A value as TraceQL compares it; `undefined` is nil (absent). Durations are µs. This file holds how
 * the evaluator reads values off a span and compares them (lists match when any element does, types
 * never coerce).
 */
export type Value =
  | { type: "string"; value: string }
  | { type: "number"; value: number }
  | { type: "duration"; value: number }
  | { type: "bool"; value: boolean }
  | { type: "status"; value: string }
  | { type: "kind"; value: string }
  | { type: "list"; values: Value[] };

export function attribute(scope: string, name: string, span: Span): Value | undefined {
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

export function attributeValue(raw: AttributeValue | undefined): Value | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === "string") return { type: "string", value: raw };
  if (typeof raw === "number") return { type: "number", value: raw };
  if (typeof raw === "boolean") return { type: "bool", value: raw };
  if (Array.isArray(raw)) return listOf(raw);
  return undefined; // a map: TraceQL has no way to compare one
}

export function staticValue(value: Static): Value | undefined {
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

export const isNilLiteral = (expr: FieldExpr): boolean => expr.kind === "static" && expr.value.type === "nil";

export const truthy = (value: Value | undefined): boolean => value?.type === "bool" && value.value;

/** A list matches `=`, `=~` and the orderings when any element does, `!=` and `!~` when none does. */
export function anyOrNone(op: string, left: Value, test: (one: Value) => boolean): boolean {
  const negative = op === "!=" || op === "!~";
  if (left.type === "list") return negative ? !left.values.some(test) : left.values.some(test);
  return negative ? !test(left) : test(left);
}

export function equal(left: Value, right: Value): boolean {
  if (left.type === "list" || right.type === "list") return false;
  return left.type === right.type && left.value === right.value;
}

/** Numbers, durations and strings order among their own type; anything else compares false. */
export function ordered(op: Comparison, left: Value, right: Value): boolean {
  if (left.type === "string" && right.type === "string") return compareNumbers(op, left.value, right.value);
  const numeric = (left.type === "number" || left.type === "duration") && left.type === right.type;
  return numeric && compareNumbers(op, left.value as number, right.value as number);
}

export function compareNumbers<T extends number | string>(op: Comparison, a: T, b: T): boolean {
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

export function arithmetic(op: string, left: Value, right: Value): Value | undefined {
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
