import { attributeName, quote } from "./from-search";
import { INTRINSIC_SPELLINGS } from "./parse";

/**
 * What the search page's TraceQL editor offers at the cursor (components/search/TraceQLEditor.tsx):
 * a field where a condition starts (a scope such as `span.`, or an intrinsic), an attribute name
 * after a scope, a comparison after a field, a value after a comparison. Read from the text before
 * the cursor with a small lexer rather than the grammar's tree: a query being typed is mostly
 * unfinished, and the grammar's error recovery does not say what it expected.
 */
export type CompletionContext = { from: number; to: number; prefix: string } & (
  | { kind: "field" }
  | { kind: "attribute"; scope: AttributeScopeName }
  | { kind: "operator" }
  /** After `|`: a stage of the pipeline. */
  | { kind: "stage" }
  /** `field` as written (`span.http.method`, `status`): the tag values endpoint takes it so. */
  | { kind: "value"; field: string }
);

export type AttributeScopeName = "span" | "resource" | "any" | "event" | "link" | "instrumentation";

export interface Completion {
  label: string;
  /** What replaces the context's `from`–`to`. */
  insert: string;
  detail: string;
  /** A scope: completing goes on with its attribute names. */
  continues?: boolean;
}

/** What the editor knows to suggest: attribute names by scope, and the values of the field asked. */
export interface CompletionSources {
  attributes: { span: readonly string[]; resource: readonly string[] };
  values: readonly { type: string; value: string }[];
}

/** At most this many suggestions: the list is for picking, not browsing. */
export const MAX_COMPLETIONS = 50;

interface Lexeme {
  kind: "word" | "string" | "op" | "punct";
  text: string;
  from: number;
  to: number;
}

const OPS = [
  "!>>",
  "!<<",
  "&>>",
  "&<<",
  "&&",
  "||",
  "=~",
  "!~",
  "!=",
  ">=",
  "<=",
  ">>",
  "<<",
  "&>",
  "&<",
  "&~",
  "!>",
  "!<",
  "=",
  ">",
  "<",
  "!",
  "~",
  "+",
  "-",
  "*",
  "/",
  "%",
  "^",
];
const COMPARISONS = new Set(["=", "!=", ">", ">=", "<", "<=", "=~", "!~"]);
/** After these a condition starts: a field comes next. */
const FIELD_STARTS = new Set(["{", "(", "&&", "||", "!"]);
/** Calls whose argument is a field: `by(…)`, `select(…)`, `avg(…)`. */
const FIELD_CALLS = new Set(["by", "select", "avg", "min", "max", "sum"]);
const WORD_START = /[\w.$µ]/;
const WORD_PART = /[\w.:$µ/-]/;

function lex(text: string): Lexeme[] {
  const lexemes: Lexeme[] = [];
  let at = 0;
  while (at < text.length) {
    const c = text[at] as string;
    const from = at;
    if (/\s/.test(c)) at++;
    else if (c === '"' || c === "`") {
      at++;
      while (at < text.length && text[at] !== c) at += text[at] === "\\" && c === '"' ? 2 : 1;
      at = Math.min(text.length, at + 1);
      lexemes.push({ kind: "string", text: text.slice(from, at), from, to: at });
    } else if (WORD_START.test(c)) {
      while (at < text.length && WORD_PART.test(text[at] as string)) at++;
      lexemes.push({ kind: "word", text: text.slice(from, at), from, to: at });
    } else {
      const op = OPS.find((candidate) => text.startsWith(candidate, at));
      at += op?.length ?? 1;
      lexemes.push({ kind: op ? "op" : "punct", text: text.slice(from, at), from, to: at });
    }
  }
  return lexemes;
}

/** Whether the lexeme at `index` stands where a field goes. */
function fieldPosition(lexemes: Lexeme[], index: number): boolean {
  let depth = 0;
  for (let i = 0; i < index; i++) {
    const text = (lexemes[i] as Lexeme).text;
    if (text === "{") depth++;
    else if (text === "}") depth--;
  }
  const before = lexemes[index - 1];
  if (!before) return false;
  if (before.text === "(" && FIELD_CALLS.has(lexemes[index - 2]?.text ?? "")) return true;
  return depth > 0 && FIELD_STARTS.has(before.text) && before.kind !== "string";
}

const SCOPED = /^(parent\.)?(span|resource|event|link|instrumentation)?\./;

/** What to complete at `cursor` in `text`; undefined where nothing is offered. */
export function completionContext(text: string, cursor: number): CompletionContext | undefined {
  const lexemes = lex(text.slice(0, cursor));
  const last = lexemes.at(-1);
  const typing =
    last && last.to === cursor && (last.kind === "word" || (last.kind === "string" && !closed(last.text)));
  const index = typing ? lexemes.length - 1 : lexemes.length;
  const current = typing ? last : undefined;
  const prefix = current?.text ?? "";
  const from = current?.from ?? cursor;
  // A word goes on past the cursor: completing replaces all of it.
  let to = cursor;
  if (current?.kind !== "string") while (to < text.length && WORD_PART.test(text[to] as string)) to++;
  if (fieldPosition(lexemes, index)) {
    if (current?.kind === "string") return undefined;
    const scoped = SCOPED.exec(prefix);
    if (scoped) {
      const scope = (scoped[2] ?? "any") as AttributeScopeName;
      const nameFrom = from + scoped[0].length;
      return { kind: "attribute", scope, from: nameFrom, to, prefix: prefix.slice(scoped[0].length) };
    }
    return { kind: "field", from, to, prefix };
  }
  const before = lexemes[index - 1];
  if (before?.text === "|" && current?.kind !== "string") return { kind: "stage", from, to, prefix };
  const field = lexemes[index - 2];
  if (before && COMPARISONS.has(before.text) && field?.kind === "word" && fieldPosition(lexemes, index - 2)) {
    return { kind: "value", field: field.text, from, to, prefix: prefix.replace(/^["`]/, "") };
  }
  if (!current && before?.kind === "word" && fieldPosition(lexemes, index - 1)) {
    return { kind: "operator", from, to: cursor, prefix: "" };
  }
  return undefined;
}

function closed(string: string): boolean {
  return string.length > 1 && string.endsWith(string[0] as string) && !string.endsWith('\\"');
}

const SCOPES: Completion[] = [
  { label: "span.", insert: "span.", detail: "span attribute", continues: true },
  { label: "resource.", insert: "resource.", detail: "resource attribute", continues: true },
  { label: ".", insert: ".", detail: "span or resource attribute", continues: true },
  { label: "event.", insert: "event.", detail: "event attribute", continues: true },
  { label: "link.", insert: "link.", detail: "link attribute", continues: true },
  { label: "parent.", insert: "parent.", detail: "the parent span's attribute", continues: true },
];
/** The short spellings first: `status` before `span:status`. */
const INTRINSICS: Completion[] = [
  ...INTRINSIC_SPELLINGS.filter((name) => !name.includes(":")),
  ...INTRINSIC_SPELLINGS.filter((name) => name.includes(":")),
].map((name) => ({
  label: name,
  insert: `${name} `,
  detail: "intrinsic",
}));
const STAGES: Completion[] = [
  { label: "count()", insert: "count() > ", detail: "spans in each spanset" },
  ...["avg", "min", "max", "sum"].map((name) => ({
    label: `${name}(…)`,
    insert: `${name}(`,
    detail: "of a field over each spanset",
    continues: true,
  })),
  { label: "by(…)", insert: "by(", detail: "group the spans by a field", continues: true },
  { label: "select(…)", insert: "select(", detail: "show fields on the matched spans", continues: true },
  { label: "coalesce()", insert: "coalesce() ", detail: "merge the groups back" },
  { label: "{ … }", insert: "{ ", detail: "narrow each spanset", continues: true },
];
const OPERATORS: Completion[] = [...COMPARISONS].map((op) => ({
  label: op,
  insert: `${op} `,
  detail: op.includes("~") ? "regular expression" : "comparison",
}));

/**
 * The suggestions for a context, those starting with what is typed first, then those holding it
 * (ignoring case), at most MAX_COMPLETIONS.
 */
export function completions(context: CompletionContext, sources: CompletionSources): Completion[] {
  switch (context.kind) {
    case "field":
      return matching([...SCOPES, ...INTRINSICS], context.prefix);
    case "operator":
      return OPERATORS;
    case "stage":
      return matching(STAGES, context.prefix);
    case "attribute": {
      const { span, resource } = sources.attributes;
      const names =
        context.scope === "span"
          ? span
          : context.scope === "resource"
            ? resource
            : context.scope === "any"
              ? [...new Set([...span, ...resource])].sort()
              : [];
      const items = names.map((name) => ({
        label: name,
        insert: `${attributeName(name)} `,
        detail: context.scope,
      }));
      return matching(items, context.prefix);
    }
    case "value": {
      const items = sources.values.map(({ type, value }) => ({
        label: value,
        insert: `${type === "string" ? quote(value) : value} `,
        detail: type,
      }));
      return matching(items, context.prefix);
    }
  }
}

function matching(items: Completion[], prefix: string): Completion[] {
  const typed = prefix.toLowerCase();
  const starting = items.filter((item) => item.label.toLowerCase().startsWith(typed));
  const holding = items.filter(
    (item) => !item.label.toLowerCase().startsWith(typed) && item.label.toLowerCase().includes(typed),
  );
  return [...starting, ...holding].slice(0, MAX_COMPLETIONS);
}

/** The text with a suggestion taken, and where the cursor goes: after what was inserted. */
export function applyCompletion(
  text: string,
  context: CompletionContext,
  completion: Completion,
): { text: string; cursor: number } {
  // A suggestion ending in a space does not double one already there.
  const rest = text.slice(context.to);
  const insert =
    completion.insert.endsWith(" ") && rest.startsWith(" ") ? completion.insert.trimEnd() : completion.insert;
  const cursor = context.from + insert.length + (insert !== completion.insert ? 1 : 0);
  return { text: text.slice(0, context.from) + insert + rest, cursor };
}
