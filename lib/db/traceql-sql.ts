import { longListTerm } from "../search/terms";
import type { Comparison, FieldExpr, Intrinsic, Static } from "../traceql/ast";
import type { Param } from "./search-sql";

/**
 * A TraceQL filter `{ … }` as a condition on `spans s` (joined to its trace's summary, `traces t`).
 * `exact` when the SQL answers exactly what lib/traceql/evaluate.ts would; otherwise it selects a
 * superset (at worst every span) and the evaluator narrows it on the spans read. Every comparison is
 * false rather than NULL where a value is absent, so that `!` and `||` keep TraceQL's meaning.
 *
 * Attribute comparisons go through a JSON path, which compares as TraceQL does: a value of another
 * type is false, and a list matches when any element does. Regular expressions run as PostgreSQL's
 * (anchored, as Tempo's are); for the patterns people write they agree with RE2's, which the
 * evaluator uses and the parser checks them with. An equality also asks the search terms'
 * GIN index for `key=value` (a list's first elements are terms of their own, a longer list is
 * marked as such), and any other comparison for the key, so a filter reads the spans that hold the attribute, not every span in the window.
 */
export interface SpanCondition {
  sql: string;
  exact: boolean;
}

const TRUE: SpanCondition = { sql: "TRUE", exact: false };

/**
 * The search terms a condition leaves out (lib/db/common-terms.ts): too common for the GIN index to
 * help. A term only ever narrows what the index reads; the comparison beside it says the answer.
 */
export const NO_COMMON_TERMS: ReadonlySet<string> = new Set();

export function spanCondition(
  expr: FieldExpr | undefined,
  param: Param,
  common: ReadonlySet<string> = NO_COMMON_TERMS,
): SpanCondition {
  if (!expr) return { sql: "TRUE", exact: true };
  switch (expr.kind) {
    case "binary": {
      if (expr.op === "&&" || expr.op === "||") {
        const left = spanCondition(expr.left, param, common);
        const right = spanCondition(expr.right, param, common);
        const joiner = expr.op === "&&" ? "AND" : "OR";
        return { sql: `(${left.sql} ${joiner} ${right.sql})`, exact: left.exact && right.exact };
      }
      return comparison(expr.op, expr.left, expr.right, param, common) ?? TRUE;
    }
    case "not": {
      const operand = spanCondition(expr.operand, param, common);
      return operand.exact ? { sql: `NOT ${operand.sql}`, exact: true } : TRUE;
    }
    case "static":
      return expr.value.type === "bool" ? { sql: expr.value.value ? "TRUE" : "FALSE", exact: true } : TRUE;
    default:
      return TRUE;
  }
}

export const FLIPPED: Record<Comparison, Comparison> = {
  "=": "=",
  "!=": "!=",
  ">": "<",
  ">=": "<=",
  "<": ">",
  "<=": ">=",
};

/** `field op literal` (either way round), or undefined when it is not that shape. */
function comparison(
  op: string,
  left: FieldExpr,
  right: FieldExpr,
  param: Param,
  common: ReadonlySet<string>,
): SpanCondition | undefined {
  if (right.kind === "static" && left.kind !== "static")
    return fieldAgainst(op, left, right.value, param, common);
  if (left.kind === "static" && right.kind !== "static") {
    const flipped = op in FLIPPED ? FLIPPED[op as Comparison] : undefined;
    return flipped ? fieldAgainst(flipped, right, left.value, param, common) : undefined;
  }
  return undefined;
}

function fieldAgainst(
  op: string,
  field: FieldExpr,
  value: Static,
  param: Param,
  common: ReadonlySet<string>,
): SpanCondition | undefined {
  if (field.kind === "intrinsic") return intrinsicAgainst(op, field.name, value, param);
  if (field.kind === "attribute" && !field.parent) {
    if (field.scope === "span") return attributeAgainst("s.attributes", op, field.name, value, param, common);
    if (field.scope === "resource") {
      if (field.name === "service.name") return columnAgainst("s.service_name", "string", op, value, param);
      return attributeAgainst("s.resource", op, field.name, value, param, common);
    }
    if (field.scope === "any") return anyScopeAgainst(op, field.name, value, param, common);
  }
  return undefined;
}

/** Unscoped `.name`: the span's attribute when it has one, else the resource's (as the evaluator). */
function anyScopeAgainst(
  op: string,
  name: string,
  value: Static,
  param: Param,
  common: ReadonlySet<string>,
): SpanCondition | undefined {
  const span = attributeAgainst("s.attributes", op, name, value, param, common);
  const resource =
    name === "service.name"
      ? columnAgainst("s.service_name", "string", op, value, param)
      : attributeAgainst("s.resource", op, name, value, param, common);
  if (!span || !resource) return undefined;
  const sql = `(CASE WHEN s.attributes ? ${param(name)}::text THEN ${span.sql} ELSE ${resource.sql} END)`;
  return { sql, exact: span.exact && resource.exact };
}

type ColumnType = "string" | "duration" | "status" | "kind";

const INTRINSIC_COLUMNS: Partial<Record<Intrinsic, [string, ColumnType]>> = {
  name: ["s.name", "string"],
  statusMessage: ["s.status_message", "string"],
  spanID: ["s.span_id", "string"],
  parentID: ["s.parent_span_id", "string"],
  traceID: ["s.trace_id", "string"],
  duration: ["s.duration_us", "duration"],
  status: ["s.status_code", "status"],
  kind: ["s.kind", "kind"],
  rootName: ["t.root_name", "string"],
  rootService: ["t.root_service", "string"],
  traceDuration: ["(t.end_us - t.start_us)", "duration"],
};

function intrinsicAgainst(
  op: string,
  name: Intrinsic,
  value: Static,
  param: Param,
): SpanCondition | undefined {
  const column = INTRINSIC_COLUMNS[name];
  return column && columnAgainst(column[0], column[1], op, value, param);
}

/**
 * The columns that can be NULL, where a comparison needs `coalesce(…, FALSE)`. Only there: around a
 * column that is never NULL it would only hide the comparison from the planner, which then neither
 * uses the column's index nor estimates how many spans it selects.
 */
const NULLABLE_COLUMNS = new Set(["s.status_message", "s.parent_span_id"]);

/** A column compared with a literal; a literal of another type compares false, as in the evaluator. */
function columnAgainst(
  column: string,
  type: ColumnType,
  op: string,
  value: Static,
  param: Param,
): SpanCondition | undefined {
  if (value.type === "nil") {
    if (op !== "=" && op !== "!=") return { sql: "FALSE", exact: true };
    return { sql: `(${column} IS ${op === "=" ? "" : "NOT "}NULL)`, exact: true };
  }
  const literal = columnLiteral(type, value);
  if (literal === undefined)
    return { sql: op === "!=" || op === "!~" ? `(${column} IS NOT NULL)` : "FALSE", exact: true };
  if (op === "=~" || op === "!~") {
    if (type !== "string" || typeof literal !== "string") return { sql: "FALSE", exact: true };
    const matches = `${column} ~ ${param(anchored(literal))}`;
    return { sql: falseIfNull(column, op === "=~" ? matches : `NOT ${matches}`), exact: true };
  }
  if (!(op in FLIPPED)) return undefined;
  const ordered = type === "string" && op !== "=" && op !== "!=" ? ` COLLATE "C"` : "";
  return { sql: falseIfNull(column, `${column}${ordered} ${op} ${param(literal)}`), exact: true };
}

function falseIfNull(column: string, comparison: string): string {
  return NULLABLE_COLUMNS.has(column) ? `coalesce(${comparison}, FALSE)` : `(${comparison})`;
}

/** The literal as the column stores it, or undefined when the types differ. */
function columnLiteral(type: ColumnType, value: Static): string | number | undefined {
  switch (type) {
    case "string":
      return value.type === "string" ? value.value : undefined;
    case "duration":
      return value.type === "duration" ? value.us : undefined;
    case "status":
      return value.type === "status" ? value.value.toUpperCase() : undefined;
    case "kind":
      return value.type === "kind" ? value.value.toUpperCase() : undefined;
  }
}

/** TraceQL's regular expressions match the whole value, as Tempo's do. */
function anchored(pattern: string): string {
  return `^(?:${pattern})$`;
}

/**
 * An attribute (in the JSON column `column`) compared with a literal, through a JSON path: lax mode
 * reads a scalar as a list of one, so one path serves both, and a comparison across types is false.
 */
function attributeAgainst(
  column: string,
  op: string,
  key: string,
  value: Static,
  param: Param,
  common: ReadonlySet<string>,
): SpanCondition | undefined {
  // Placeholders are made where used: an unused one has no type PostgreSQL could infer.
  let keyPlaceholder: string | undefined;
  const keyParam = () => {
    keyPlaceholder ??= `${param(key)}::text`;
    return keyPlaceholder;
  };
  const present = () => `${column} ? ${keyParam()}`;
  const keyTerm = () => (common.has(key) ? "TRUE" : `s.search_terms @> ARRAY[${keyParam()}]`);
  if (value.type === "nil") {
    if (op === "=") return { sql: `NOT coalesce(${present()}, FALSE)`, exact: true };
    if (op === "!=") return { sql: `(${keyTerm()} AND coalesce(${present()}, FALSE))`, exact: true };
    return { sql: "FALSE", exact: true };
  }
  const json = jsonLiteral(value);
  if (json === undefined) {
    // Durations, statuses and kinds are never attribute values: `=` is false, `!=` is "present".
    if (op === "!=" || op === "!~")
      return { sql: `(${keyTerm()} AND coalesce(${present()}, FALSE))`, exact: true };
    return { sql: "FALSE", exact: true };
  }
  const path = `$.${jsonPathKey(key)}[*]`;
  const exists = (filter: string) =>
    `jsonb_path_exists(${column}, ${param(`${path} ? (${filter})`)}::jsonpath, ${param(JSON.stringify({ v: json }))}::jsonb)`;
  switch (op) {
    case "=": {
      const term = `${key}=${String(json)}`;
      const valueTerm = common.has(term)
        ? "TRUE"
        : `s.search_terms && ARRAY[${param(term)}, ${param(longListTerm(key))}]::text[]`;
      return { sql: `(${valueTerm} AND ${exists("@ == $v")})`, exact: true };
    }
    case "!=":
      return {
        sql: `(${keyTerm()} AND coalesce(${present()}, FALSE) AND NOT ${exists("@ == $v")})`,
        exact: true,
      };
    case "=~":
    case "!~": {
      if (typeof json !== "string")
        return {
          sql: op === "!~" ? `(${keyTerm()} AND coalesce(${present()}, FALSE))` : "FALSE",
          exact: true,
        };
      const value = `${column} -> ${keyParam()}`;
      const values = `jsonb_array_elements(CASE jsonb_typeof(${value}) WHEN 'array' THEN ${value} ELSE jsonb_build_array(${value}) END)`;
      const matching = `EXISTS (SELECT 1 FROM ${values} e WHERE jsonb_typeof(e) = 'string' AND (e #>> '{}') ~ ${param(anchored(json))})`;
      if (op === "=~") return { sql: `(${keyTerm()} AND ${matching})`, exact: true };
      return { sql: `(${keyTerm()} AND coalesce(${present()}, FALSE) AND NOT ${matching})`, exact: true };
    }
    case ">":
    case ">=":
    case "<":
    case "<=":
      return { sql: `(${keyTerm()} AND ${exists(`@ ${op} $v`)})`, exact: true };
    default:
      return undefined;
  }
}

function jsonLiteral(value: Static): string | number | boolean | undefined {
  switch (value.type) {
    case "string":
    case "int":
    case "float":
    case "bool":
      return value.value;
    default:
      return undefined;
  }
}

/** A key inside a JSON path: always quoted, since keys hold dots. */
function jsonPathKey(key: string): string {
  return JSON.stringify(key);
}
