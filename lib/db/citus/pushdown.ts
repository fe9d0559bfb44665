import { isDistributed } from "./layout";
import {
  type Analysis,
  type Finding,
  filtersOnTraceId,
  type Item,
  locksRows,
  type Scope,
  windowAcrossShards,
} from "./scope-rules";
import { type Group, isGroup, isWord, type Node, parseTree, type Token } from "./sql-tree";

/**
 * What Citus would do with one SQL statement (or statement fragment) of the app, read from its text:
 * the statements it cannot run on the shards each trace lives on. Citus pushes a query down to the
 * shards when every join and correlation between distributed tables equates their distribution
 * column (trace_id here); otherwise it needs a repartition join (off by default, and refused for
 * outer joins and subqueries) or errors. Reads of one distributed table are always fine (the
 * coordinator merges per-shard results), as are reads of reference and coordinator-local tables
 * and uncorrelated subqueries (Citus plans those first and ships their result).

 * What it finds is lib/db/citus/scope-rules.ts's Finding.
 */
const QUERY_START = ["select", "with", "values", "insert", "update", "delete"];
const NOT_ALIAS = new Set(
  "where on join inner left right full cross natural using group order limit set returning having window union except intersect for offset select values default do lateral with as tablesample outer and or when then"
    .split(" ")
    .concat(QUERY_START),
);
const ENDS_FROM_LIST = new Set(
  "where group order limit set returning having window union except intersect for offset select values".split(
    " ",
  ),
);
const IGNORED_QUALIFIERS = new Set(["excluded", "__x__"]);

export function analyseSql(sql: string): Analysis {
  const analyser = new Analyser();
  analyser.scope(parseTree(sql), undefined);
  return analyser.evaluate();
}

function textOf(node: Node | undefined): string | undefined {
  return node === undefined || isGroup(node) ? undefined : node.text;
}

function isQuery(node: Node | undefined): boolean {
  return isGroup(node) && isWord(node.items[0], ...QUERY_START);
}

class Analyser {
  private readonly scopes: Scope[] = [];
  private readonly parents: number[] = [];
  private readonly tables = new Set<string>();
  private readonly findings: Finding[] = [];
  private nextId = 0;

  scope(group: Group, parent: Scope | undefined): Scope {
    const scope: Scope = {
      parent,
      items: [],
      ctes: new Map(),
      tokens: [],
      correlated: new Set(),
      distributed: false,
      windows: [],
    };
    this.scopes.push(scope);
    let i = 0;
    if (isWord(group.items[0], "with")) i = this.withList(group.items, scope);
    this.walk(group.items, i, scope);
    this.resolveQualifiers(scope);
    return scope;
  }

  private withList(nodes: Node[], scope: Scope): number {
    let i = isWord(nodes[1], "recursive") ? 2 : 1;
    while (i < nodes.length) {
      const name = (nodes[i] as Token).text;
      i++;
      if (isGroup(nodes[i])) i++; // column names
      i++; // AS
      while (isWord(nodes[i], "not", "materialized")) i++;
      const body = nodes[i] as Group;
      const inner = this.scope(body, scope);
      scope.ctes.set(name, inner.distributed);
      scope.distributed ||= inner.distributed;
      const verb = body.items[0] as Token;
      if (["insert", "update", "delete"].includes(verb.text)) {
        const target = this.target(body.items);
        if (target && isDistributed(target)) {
          this.findings.push({
            rule: "modifying CTE",
            detail: `${name}: ${verb.text.toUpperCase()} on ${target}`,
          });
        }
      }
      i++;
      if (textOf(nodes[i]) !== ",") break;
      i++;
    }
    return i;
  }

  /** The table an INSERT, UPDATE or DELETE writes. */
  private target(nodes: Node[]): string | undefined {
    const at = nodes.findIndex((node) => isWord(node, "into", "update", "from"));
    const name = nodes[at + 1];
    return isWord(name) ? (name as Token).text : undefined;
  }

  private walk(nodes: Node[], start: number, scope: Scope): void {
    let inFromList = false;
    for (let i = start; i < nodes.length; i++) {
      const node = nodes[i] as Node;
      if (isGroup(node)) {
        if (isQuery(node)) this.subquery(nodes, i, scope);
        else this.walk(node.items, 0, scope);
        if (isWord(nodes[i - 1], "over")) scope.windows.push(node);
        continue;
      }
      scope.tokens.push(node);
      const previous = nodes[i - 1];
      const startsItem =
        isWord(node, "from", "join") ||
        (isWord(node, "into") && isWord(previous, "insert")) ||
        (isWord(node, "update") && !isWord(previous, "do")) ||
        (isWord(node, "using") && !isGroup(nodes[i + 1])) ||
        (node.text === "," && inFromList);
      if (startsItem) {
        i = this.item(nodes, i + 1, scope, !isWord(node, "into")) - 1;
        inFromList = true;
      } else if (isWord(node, "using") && isGroup(nodes[i + 1])) {
        this.joinUsing(nodes[i + 1] as Group, scope);
      } else if (isWord(node) && ENDS_FROM_LIST.has(node.text)) {
        inFromList = false;
      }
    }
  }

  /** A subquery in a condition or a target list; `x.trace_id IN (SELECT …)` joins it on trace_id. */
  private subquery(nodes: Node[], at: number, scope: Scope): void {
    const inner = this.scope(nodes[at] as Group, scope);
    scope.distributed ||= inner.distributed;
    let k = at - 1;
    if (isWord(nodes[k], "any") && textOf(nodes[k - 1]) === "=") k -= 2;
    else if (isWord(nodes[k], "in")) k -= 1;
    else return;
    const column = nodes[k];
    if (column === undefined) return;
    const tuple = isGroup(column) ? column.items : [column];
    const outer = this.traceIdReference(
      tuple,
      tuple.findIndex((node) => isWord(node, "trace_id")),
      scope,
    );
    for (const item of inner.items) if (outer && item.distributed) this.union(outer, item);
  }

  /** The item `trace_id` at `at` belongs to: its qualifier's, or the only item of the scope. */
  private traceIdReference(nodes: Node[], at: number, scope: Scope): Item | undefined {
    if (at < 0) return undefined;
    if (textOf(nodes[at - 1]) === "." && isWord(nodes[at - 2]))
      return this.resolve((nodes[at - 2] as Token).text, scope);
    return scope.items.length === 1 ? scope.items[0] : undefined;
  }

  /** A FROM item at `at`; `name(…)` is a function unless `calls` is false (INSERT INTO t (columns)). */
  private item(nodes: Node[], at: number, scope: Scope, calls: boolean): number {
    let i = at;
    while (isWord(nodes[i], "lateral", "only")) i++;
    const node = nodes[i];
    let item: Item;
    if (isGroup(node)) {
      const inner = this.scope(node, scope);
      item = this.newItem("", "derived", inner.distributed);
      i++;
    } else if (node !== undefined && isWord(node)) {
      let name = (node as Token).text;
      i++;
      if (textOf(nodes[i]) === "." && isWord(nodes[i + 1])) {
        name = (nodes[i + 1] as Token).text;
        i += 2;
      }
      if (calls && isGroup(nodes[i])) {
        this.walk((nodes[i] as Group).items, 0, scope);
        item = this.newItem(name, "function", false);
        i++;
      } else if (this.cte(name, scope) !== undefined) {
        item = this.newItem(name, "cte", this.cte(name, scope) as boolean);
      } else {
        item = this.newItem(name, "table", isDistributed(name));
        if (item.distributed) this.tables.add(name);
      }
    } else {
      return i;
    }
    if (isWord(nodes[i], "as")) i++;
    const alias = nodes[i];
    if (alias !== undefined && isWord(alias) && !NOT_ALIAS.has((alias as Token).text)) {
      item.alias = (alias as Token).text;
      i++;
    }
    scope.items.push(item);
    scope.distributed ||= item.distributed;
    return i;
  }

  private joinUsing(columns: Group, scope: Scope): void {
    const [left, right] = scope.items.slice(-2);
    if (left && right && columns.items.some((node) => isWord(node, "trace_id"))) this.union(left, right);
  }

  private cte(name: string, scope: Scope): boolean | undefined {
    for (let s: Scope | undefined = scope; s; s = s.parent) if (s.ctes.has(name)) return s.ctes.get(name);
    return undefined;
  }

  private newItem(alias: string, kind: Item["kind"], distributed: boolean): Item {
    const item = { id: this.nextId++, alias, kind, distributed };
    this.parents[item.id] = item.id;
    return item;
  }

  /** An alias in this scope, an enclosing one (a correlation), or else outside the text (a fragment's). */
  private resolve(alias: string, scope: Scope): Item {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const item = s.items.find((candidate) => candidate.alias === alias);
      if (item) {
        if (s !== scope) scope.correlated.add(item);
        return item;
      }
    }
    let root = scope;
    while (root.parent) root = root.parent;
    // Outside the text: a fragment's outer query. Assumed distributed, so its joins must be on trace_id.
    const outer = this.newItem(alias, "outer", true);
    root.items.push(outer);
    scope.correlated.add(outer);
    return outer;
  }

  /** Every `q.column` of the scope resolved (correlations found), and `a.trace_id = b.trace_id` joined. */
  private resolveQualifiers(scope: Scope): void {
    const tokens = scope.tokens;
    for (let i = 0; i + 2 < tokens.length; i++) {
      const qualifier = tokens[i] as Token;
      if (tokens[i + 1]?.text !== "." || qualifier.kind !== "word" || IGNORED_QUALIFIERS.has(qualifier.text))
        continue;
      this.resolve(qualifier.text, scope);
    }
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i]?.text !== "=") continue;
      const left = this.traceIdSide(tokens, i - 1, -1, scope);
      const right = this.traceIdSide(tokens, i + 1, 1, scope);
      if (left && right) this.union(left, right);
    }
  }

  /** The item of a `[q.]trace_id` operand ending (direction -1) or starting (+1) at `at`. */
  private traceIdSide(tokens: Token[], at: number, direction: 1 | -1, scope: Scope): Item | undefined {
    const column = direction === -1 ? at : tokens[at + 1]?.text === "." ? at + 2 : at;
    if (!isWord(tokens[column], "trace_id")) return undefined;
    return this.traceIdReference(tokens, column, scope);
  }

  private find(id: number): number {
    while (this.parents[id] !== id) id = this.parents[id] as number;
    return id;
  }

  private union(a: Item, b: Item): void {
    this.parents[this.find(a.id)] = this.find(b.id);
  }

  evaluate(): Analysis {
    for (const scope of this.scopes) {
      const distributed = scope.items.filter((item) => item.distributed && item.kind !== "outer");
      const [first, ...others] = distributed;
      for (const other of others) {
        if (first && this.find(first.id) !== this.find(other.id)) {
          this.findings.push({ rule: "cross-shard join", detail: `${first.alias} with ${other.alias}` });
        }
      }
      for (const outer of scope.correlated) {
        if (!outer.distributed || !first) continue;
        if (distributed.some((item) => this.find(item.id) !== this.find(outer.id))) {
          this.findings.push({ rule: "correlated subquery", detail: `${first.alias} on ${outer.alias}` });
        }
      }
      if (first && windowAcrossShards(scope)) {
        this.findings.push({ rule: "coordinator window", detail: first.alias });
      }
      if (first && locksRows(scope.tokens) && !filtersOnTraceId(scope.tokens)) {
        this.findings.push({ rule: "multi-shard row lock", detail: first.alias });
      }
    }
    return { distributedTables: [...this.tables].sort(), findings: this.findings };
  }
}
