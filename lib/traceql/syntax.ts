import type { parser } from "@grafana/lezer-traceql";
import { type Place, SPANSET_OPS, type SpansetOp } from "./ast";

/**
 * The grammar's tree (@grafana/lezer-traceql) as the parser reads it: its nodes, the errors it
 * recovered from, and the text a node stands for.
 */
export type Node = ReturnType<typeof parser.parse>["topNode"];

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

/** A node's children, comments left out. */
export function children(node: Node): Node[] {
  const list: Node[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.name !== "LineComment" && child.name !== "BlockComment") list.push(child);
  }
  return list;
}

export const place = (node: Node): Place => ({ from: node.from, to: node.to });

/** The grammar recovers from errors and goes on; a query with any is refused at the first. */
export function refuseSyntaxErrors(query: string, top: Node): void {
  let first: Node | undefined;
  top.cursor().iterate((ref) => {
    if (first) return false;
    if (ref.type.isError) first = ref.node;
    return undefined;
  });
  if (first) throw new TraceQLError(query, first.from, first.to, describeSyntaxError(query, first));
}

/** What the query should have had where the grammar gave up, in the words people read. */
export function describeSyntaxError(query: string, error: Node): string {
  const text = (node: Place) => query.slice(node.from, node.to);
  const found = text(error).trim();
  const before = error.prevSibling;
  const parent = error.parent?.name;
  if (found !== "") {
    if (parent === "SpansetFilter" && /^[A-Za-z_]/.test(found)) {
      return `unknown identifier "${found.split(/[\s=!<>~]/)[0]}": write an attribute as span.x, resource.x or .x, or an intrinsic such as name, status, kind or duration`;
    }
    return `unexpected ${JSON.stringify(found.slice(0, 40))}`;
  }
  const next = query.slice(error.from).trimStart();
  const where = next === "" ? "end of query" : JSON.stringify(next.slice(0, 20));
  switch (before?.name) {
    case "FieldOp":
    case "ComparisonOp":
    case "And":
    case "Or":
      return `unexpected ${where} after ${text(before)}: expected a value or a field`;
    case "Pipe":
      return `unexpected ${where} after |: expected { … }, count() > n, by(…), select(…) or coalesce()`;
    default:
      if (before && SPANSET_OPS.includes(text(before) as SpansetOp)) {
        return `unexpected ${where} after ${text(before)}: expected a spanset { … }`;
      }
  }
  if (parent === "SpansetFilter") return `unexpected ${where}: expected } to close the spanset`;
  return `unexpected ${where}`;
}

/** The query's text, for the readers of its tree: what a node says, and a refusal at a place. */
export class QueryText {
  constructor(protected readonly query: string) {}

  protected text(node: Place): string {
    return this.query.slice(node.from, node.to);
  }

  protected fail(at: Place, detail: string): never {
    throw new TraceQLError(this.query, at.from, at.to, detail);
  }
}
