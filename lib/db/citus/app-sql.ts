import ts from "typescript";

/**
 * Every SQL text in a TypeScript source: each string or template literal that reads or writes a table
 * (whole statements and the fragments the query builders join into them), with each `${…}` of a
 * template as the opaque word `__x__`. Fragments are checked on their own by ./pushdown.ts, which
 * treats an alias they use but do not define as the outer query's (a distributed table, to be safe).
 * Used by the test that checks lib/db's SQL against the Citus layout; typescript is a devDependency.
 */
export interface SqlText {
  /** Source-relative line of the literal. */
  line: number;
  sql: string;
}

const TOUCHES_TABLE = /\b(from|join|into|update)\s+("?[a-z_][a-z0-9_]*"?|\()/i;
const STATEMENT_WORD = /\b(select|insert|update|delete|exists)\b/i;

export function sqlTexts(fileName: string, source: string): SqlText[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const texts: SqlText[] = [];
  const visit = (node: ts.Node): void => {
    const sql = literalText(node);
    if (sql !== undefined && STATEMENT_WORD.test(sql) && TOUCHES_TABLE.test(sql)) {
      texts.push({ line: file.getLineAndCharacterOfPosition(node.getStart()).line + 1, sql });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return texts;
}

function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) {
    // After a `$`, the placeholder is a parameter's number (`$${param(value)}`).
    let sql = node.head.text;
    for (const span of node.templateSpans)
      sql += `${sql.endsWith("$") ? "0" : " __x__"} ${span.literal.text}`;
    return sql;
  }
  return undefined;
}
