import type { FieldExpr, SpansetExpr } from "./ast";
import type { Match } from "./evaluate";
import { parseTraceQL } from "./parse";

/**
 * The attributes and intrinsics a query reads, in the order it names them: in its filters, its
 * aggregates, `by` and `select`. What a search answer shows beside each matched span, and what tells
 * whether a span's parent must be read.
 */
export function fieldsOf(expr: SpansetExpr): FieldExpr[] {
  const fields: FieldExpr[] = [];
  const leaves = (field: FieldExpr) => {
    if (field.kind === "binary") [field.left, field.right].forEach(leaves);
    else if (field.kind === "not" || field.kind === "negate") leaves(field.operand);
    else if (field.kind !== "static") fields.push(field);
  };
  const walk = (spanset: SpansetExpr) => {
    if (spanset.kind === "filter" && spanset.filter) leaves(spanset.filter);
    if (spanset.kind === "spansetOp") [spanset.left, spanset.right].forEach(walk);
    if (spanset.kind !== "pipeline") return;
    walk(spanset.input);
    for (const stage of spanset.stages) {
      if (stage.kind === "filter" && stage.filter) leaves(stage.filter);
      if (stage.kind === "by") leaves(stage.field);
      if (stage.kind === "select") stage.fields.forEach(leaves);
      if (stage.kind === "scalar") {
        for (const side of [stage.left, stage.right])
          if (side.kind === "aggregate" && side.field) leaves(side.field);
      }
    }
  };
  walk(expr);
  return fields;
}

/**
 * A field as TraceQL names it on its own (`span.http.method`, `.region`, `status`), as the tag values
 * endpoints take it; undefined for anything else.
 */
export function parseField(text: string): FieldExpr | undefined {
  try {
    const { root } = parseTraceQL(`{ ${text} = nil }`);
    const filter = root.kind === "filter" ? root.filter : undefined;
    if (filter?.kind === "binary" && filter.left.kind !== "static") return filter.left;
  } catch {
    // not a field
  }
  return undefined;
}

/** The ids of the spans a match selected, in every spanset, each once, in the order first selected. */
export function matchedSpanIds(match: Pick<Match, "spansets">): string[] {
  const ids = new Set<string>();
  for (const spanset of match.spansets) for (const span of spanset.spans) ids.add(span.spanId);
  return [...ids];
}
