/**
 * PostgreSQL text as a tree of parenthesised groups of tokens: enough structure to find a statement's
 * FROM items, its subqueries and its join conditions (./pushdown.ts) without a full parser. Words and
 * identifiers are lower-cased ("C"-quoted identifiers keep their text), string literals and comments
 * are dropped from what is matched, and `${…}` placeholders of a template arrive as the word `__x__`.
 */
export interface Token {
  kind: "word" | "other";
  text: string;
}

export interface Group {
  items: Node[];
}

export type Node = Token | Group;

export function isGroup(node: Node | undefined): node is Group {
  return node !== undefined && "items" in node;
}

export function isWord(node: Node | undefined, ...words: string[]): boolean {
  return (
    node !== undefined &&
    !isGroup(node) &&
    node.kind === "word" &&
    (words.length === 0 || words.includes(node.text))
  );
}

const TOKEN =
  /\s+|--[^\n]*|\/\*[\s\S]*?\*\/|[eE]?'(?:[^']|'')*'|\$([A-Za-z_]*)\$[\s\S]*?\$\1\$|"(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_$]*|\$\d+|\d+(?:\.\d+)?|::|->>|->|<=|>=|<>|!=|\|\||@>|<@|&&|[(),.;=<>+\-*/%[\]:|~!@#^&?]/y;

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < sql.length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(sql);
    if (!match) throw new Error(`cannot read SQL at ${JSON.stringify(sql.slice(start, start + 20))}`);
    const text = match[0];
    if (/^\s|^--|^\/\*/.test(text)) continue;
    if (/^[eE]?'|^\$[A-Za-z_]*\$/.test(text)) tokens.push({ kind: "other", text: "'…'" });
    else if (text.startsWith('"'))
      tokens.push({ kind: "word", text: text.slice(1, -1).replaceAll('""', '"') });
    else if (/^[A-Za-z_]/.test(text)) tokens.push({ kind: "word", text: text.toLowerCase() });
    else tokens.push({ kind: "other", text });
  }
  return tokens;
}

/** The SQL as nested groups; an unbalanced parenthesis is an error (a fragment cut mid-group). */
export function parseTree(sql: string): Group {
  const stack: Group[] = [{ items: [] }];
  for (const token of tokenize(sql)) {
    const top = stack[stack.length - 1] as Group;
    if (token.text === "(") {
      const group: Group = { items: [] };
      top.items.push(group);
      stack.push(group);
    } else if (token.text === ")") {
      if (stack.length === 1) throw new Error("unbalanced ')' in SQL");
      stack.pop();
    } else {
      top.items.push(token);
    }
  }
  if (stack.length !== 1) throw new Error("unbalanced '(' in SQL");
  return stack[0] as Group;
}
