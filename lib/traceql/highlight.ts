import { parser } from "@grafana/lezer-traceql";

/** What a stretch of a query is, for the editor's colours. */
export type TokenKind =
  | "scope"
  | "attribute"
  | "intrinsic"
  | "string"
  | "number"
  | "keyword"
  | "operator"
  | "function"
  | "comment"
  | "plain";

export interface Token {
  from: number;
  to: number;
  kind: TokenKind;
}

/** The grammar's node names (@grafana/lezer-traceql) by the colour they take. */
const KINDS: Record<string, TokenKind> = {
  Resource: "scope",
  Span: "scope",
  Event: "scope",
  Link: "scope",
  Instrumentation: "scope",
  Parent: "scope",
  Identifier: "attribute",
  IntrinsicField: "intrinsic",
  String: "string",
  Integer: "number",
  Float: "number",
  Duration: "number",
  FieldOp: "operator",
  ComparisonOp: "operator",
  ScalarOp: "operator",
  And: "operator",
  Or: "operator",
  Pipe: "operator",
  Gt: "operator",
  Lt: "operator",
  Desc: "operator",
  Anc: "operator",
  ExperimentalOp: "operator",
  UnionStructuralOp: "operator",
  AggregateExpression: "function",
  LineComment: "comment",
  BlockComment: "comment",
};

/** Nodes that open with a function's name: `count(`, `by(`, `select(`, `coalesce(`. */
const CALLS = new Set(["Aggregate", "GroupOperation", "SelectOperation", "CoalesceOperation"]);

/** Names whose whole text is one token, whatever they hold. */
const WHOLE = new Set(["String", "Duration", "IntrinsicField", "LineComment", "BlockComment"]);

/**
 * The query cut into coloured stretches that cover it end to end, in order, from the tree Grafana's
 * own grammar builds (the one the parser reads), so what is coloured is what the parser sees. The
 * grammar leaves punctuation unnamed: those stretches are "plain"; a bare value (`error`, `server`,
 * `true`, `nil`) is a keyword. The grammar
 * recovers from errors, so a query being typed is coloured as far as it reads.
 */
export function highlightTokens(query: string): Token[] {
  const marked: Token[] = [];
  parser.parse(query).iterate({
    enter(node) {
      const kind = KINDS[node.name];
      if (CALLS.has(node.name)) {
        const name = /^[A-Za-z_]+/.exec(query.slice(node.from, node.to))?.[0];
        if (name) marked.push({ from: node.from, to: node.from + name.length, kind: "function" });
      }
      if (node.name === "Static" && !node.node.firstChild) {
        marked.push({ from: node.from, to: node.to, kind: "keyword" });
        return false;
      }
      if (kind && node.from < node.to) {
        marked.push({ from: node.from, to: node.to, kind });
        if (WHOLE.has(node.name)) return false;
      }
      return undefined;
    },
  });
  const tokens: Token[] = [];
  let at = 0;
  for (const token of marked) {
    // A token inside one already taken (a scope's Identifier after Parent) starts where it left off.
    const from = Math.max(token.from, at);
    if (from >= token.to) continue;
    if (from > at) tokens.push({ from: at, to: from, kind: "plain" });
    tokens.push({ from, to: token.to, kind: token.kind });
    at = token.to;
  }
  if (at < query.length) tokens.push({ from: at, to: query.length, kind: "plain" });
  return tokens;
}

/** A token of the editor's overlay: its colour, and whether it lies in the part an error points at. */
export interface MarkedToken extends Token {
  error?: true;
}

/**
 * The tokens with the stretch `from`–`to` an error points at cut out and marked, for the editor to
 * underline. An error at one point (`to` = `from`: "expected a value" at the end) marks the character
 * there, or a space added after the end, so that it shows.
 */
export function markError(query: string, tokens: Token[], from: number, to: number): MarkedToken[] {
  const start = Math.min(Math.max(0, from), query.length);
  const end = Math.min(Math.max(to, start + 1), query.length);
  const marked: MarkedToken[] = [];
  for (const token of tokens) {
    const cuts = [
      token.from,
      Math.max(token.from, Math.min(start, token.to)),
      Math.max(token.from, Math.min(end, token.to)),
      token.to,
    ];
    for (let i = 0; i < 3; i++) {
      const [a, b] = [cuts[i] as number, cuts[i + 1] as number];
      if (a < b)
        marked.push({ from: a, to: b, kind: token.kind, ...(i === 1 ? { error: true as const } : {}) });
    }
  }
  if (start >= query.length)
    marked.push({ from: query.length, to: query.length, kind: "plain", error: true });
  return marked;
}
