import type { Comparison, ScalarExpr, SpansetExpr } from "../traceql/ast";
import { fieldsOf } from "../traceql/fields";
import type { Param } from "./search-sql";
import { FLIPPED, NO_COMMON_TERMS, spanCondition } from "./traceql-sql";

/**
 * Which traces can match a spanset expression, as a condition on `traces t`: a filter asks for a span
 * in the window meeting it (every trace in the window for `{ }`); `&&` and the structural operators
 * need both sides, `||` either, a negated structural operator only its right side (`{A} !> {B}` holds
 * where no span of A is there at all). The evaluator then decides on the trace's spans.
 */
export function traceCondition(
  expr: SpansetExpr,
  window: { startUs: number; endUs: number },
  param: Param,
  common: ReadonlySet<string> = NO_COMMON_TERMS,
): string {
  switch (expr.kind) {
    case "filter": {
      const { sql } = spanCondition(expr.filter, param, common);
      if (sql === "TRUE") return "TRUE";
      const inWindow = `s.start_us BETWEEN ${param(window.startUs)} AND ${param(window.endUs)}`;
      return `t.trace_id IN (SELECT s.trace_id FROM spans s WHERE ${inWindow} AND ${sql})`;
    }
    case "pipeline": {
      const input = traceCondition(expr.input, window, param, common);
      const count = countCondition(expr, param, common);
      return count ? `(${input} AND ${count})` : input;
    }
    case "spansetOp": {
      const right = traceCondition(expr.right, window, param, common);
      if (expr.op.startsWith("!")) return right;
      const left = traceCondition(expr.left, window, param, common);
      return `(${left} ${expr.op === "||" ? "OR" : "AND"} ${right})`;
    }
  }
}

/**
 * `{ filter } | count() > 3` (any comparison, either way round, as the first stage) as a condition on
 * `traces t`: the trace's spans meeting the filter, counted by its key. Only where SQL says the filter
 * exactly; without it a trace with one matching span is a candidate the evaluator then turns down,
 * and a query for rare counts pages through most of the window to find a few.
 */
function countCondition(
  pipeline: SpansetExpr & { kind: "pipeline" },
  param: Param,
  common: ReadonlySet<string>,
): string | undefined {
  const [first] = pipeline.stages;
  if (pipeline.input.kind !== "filter" || first?.kind !== "scalar") return undefined;
  const { left, right } = first;
  const number = (side: ScalarExpr) => (side.kind === "number" ? side.value : undefined);
  const counted = (side: ScalarExpr) => side.kind === "aggregate" && side.name === "count";
  let op: Comparison;
  let value: number | undefined;
  if (counted(left) && number(right) !== undefined) [op, value] = [first.op, number(right)];
  else if (counted(right) && number(left) !== undefined) [op, value] = [FLIPPED[first.op], number(left)];
  else return undefined;
  const condition = spanCondition(pipeline.input.filter, param, common);
  if (!condition.exact) return undefined;
  // A trace's spans start within its summary's bounds, which lets PostgreSQL skip other days' partitions.
  const spans = `SELECT count(*) FROM spans s WHERE s.trace_id = t.trace_id
    AND s.start_us BETWEEN t.start_us AND t.end_us AND ${condition.sql}`;
  return `(${spans}) ${op} ${param(value)}::float8`;
}

/**
 * Whether the evaluator needs a candidate trace's every span: for the tree's relations, a parent's
 * attributes, or a filter SQL cannot say exactly. Otherwise the spans the one filter selects in SQL
 * are all it reads.
 */
export function matchedSpansFilter(
  query: SpansetExpr,
  param: Param,
  common: ReadonlySet<string> = NO_COMMON_TERMS,
): string | undefined {
  const root = query.kind === "pipeline" ? query.input : query;
  if (root.kind !== "filter" || mentionsParent(query)) return undefined;
  const condition = spanCondition(root.filter, param, common);
  return condition.exact ? condition.sql : undefined;
}

function mentionsParent(expr: SpansetExpr): boolean {
  return fieldsOf(expr).some((field) => field.kind === "attribute" && field.parent);
}
