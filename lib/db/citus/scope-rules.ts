import { type Group, isWord, type Token } from "./sql-tree";

/**
 * What lib/db/citus/pushdown.ts reads a statement into (its query levels and their FROM items) and
 * finds in it, and the checks of one query level that need only its own tokens.
 */
/**
 * What a statement does that Citus would not run on the shards of its traces:
 * - `cross-shard join`: two distributed FROM items of one query level not joined on trace_id;
 * - `correlated subquery`: a subquery over a distributed table correlated with an outer distributed
 *   item other than through trace_id;
 * - `multi-shard row lock`: FOR UPDATE/SHARE on a distributed table without a trace_id filter
 *   (Citus locks rows on one shard only);
 * - `modifying CTE`: a data-modifying CTE on a distributed table (Citus runs it as a separate
 *   step whose RETURNING rows the rest of the statement reads: a different plan, to be checked on a
 *   cluster);
 * - `coordinator window`: a window function not partitioned by trace_id over a distributed table
 *   (Citus pulls the rows to the coordinator and evaluates it there).
 */
export interface Finding {
  rule:
    | "cross-shard join"
    | "correlated subquery"
    | "multi-shard row lock"
    | "modifying CTE"
    | "coordinator window";
  detail: string;
}

export interface Analysis {
  /** The distributed tables the text names, sorted. */
  distributedTables: string[];
  findings: Finding[];
}

export interface Item {
  id: number;
  alias: string;
  kind: "table" | "cte" | "derived" | "function" | "outer";
  distributed: boolean;
}

export interface Scope {
  parent?: Scope;
  items: Item[];
  ctes: Map<string, boolean>;
  /** Tokens of this query level, parenthesised conditions included, subqueries excluded. */
  tokens: Token[];
  /** Items of enclosing levels this level's text refers to. */
  correlated: Set<Item>;
  distributed: boolean;
  /** The `OVER (…)` clauses of this level. */
  windows: Group[];
}

/** `OVER (…)` whose PARTITION BY does not start with trace_id. */
export function windowAcrossShards(scope: Scope): boolean {
  return scope.windows.some((window) => {
    const words = window.items.filter((node) => isWord(node)).map((node) => (node as Token).text);
    const by = words.indexOf("partition") + 2;
    return by < 2 || (words[by] !== "trace_id" && !(words[by + 1] === "trace_id"));
  });
}

export function locksRows(tokens: Token[]): boolean {
  return tokens.some(
    (token, i) => isWord(token, "for") && isWord(tokens[i + 1], "update", "share", "no", "key"),
  );
}

/** `trace_id = <value>`: a router query, on the shard of the values named. */
export function filtersOnTraceId(tokens: Token[]): boolean {
  return tokens.some(
    (token, i) =>
      isWord(token, "trace_id") && tokens[i + 1]?.text === "=" && !isWord(tokens[i + 3], "trace_id"),
  );
}
