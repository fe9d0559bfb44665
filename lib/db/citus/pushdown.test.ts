import { describe, expect, it } from "vitest";
import { analyseSql } from "./pushdown";

const rules = (sql: string) => analyseSql(sql).findings.map((finding) => finding.rule);

describe("analyseSql", () => {
  it.each([
    ["one trace's spans", "SELECT * FROM spans s WHERE s.trace_id = ANY($1)"],
    ["a multi-shard aggregate the coordinator merges", "SELECT service_name, count(*) FROM spans GROUP BY 1"],
    [
      "spans joined to their trace on trace_id",
      "SELECT * FROM spans s JOIN traces t ON s.trace_id = t.trace_id",
    ],
    ["a join on trace_id by USING", "SELECT * FROM spans s JOIN traces t USING (trace_id) WHERE s.name = $1"],
    [
      "a correlated EXISTS on trace_id",
      "SELECT 1 FROM traces t WHERE EXISTS (SELECT 1 FROM spans s WHERE s.trace_id = t.trace_id)",
    ],
    [
      "a semi-join on trace_id",
      "SELECT * FROM traces t WHERE t.trace_id IN (SELECT s.trace_id FROM spans s WHERE s.name = 'x')",
    ],
    ["a local aggregate", "SELECT * FROM dependency_links l JOIN graph_nodes n ON n.name = l.parent"],
    [
      "a fragment correlated on trace_id",
      "NOT EXISTS (SELECT 1 FROM spans s WHERE s.trace_id = t.trace_id AND __x__ )",
    ],
    ["a one-shard row lock", "SELECT * FROM traces WHERE trace_id = $1 FOR UPDATE"],
  ])("passes %s", (_, sql) => {
    expect(rules(sql)).toEqual([]);
  });

  it.each([
    [
      "a parent lookup across traces",
      "SELECT * FROM spans s JOIN spans p ON p.span_id = s.parent_span_id",
      "cross-shard join",
    ],
    [
      "two distributed tables without a condition",
      "SELECT * FROM spans s, traces t WHERE s.name = t.root_name",
      "cross-shard join",
    ],
    [
      "a join on another column",
      "SELECT * FROM traces t JOIN trace_links l ON l.hour_us = t.start_us",
      "cross-shard join",
    ],
    [
      "a subquery correlated on another column",
      "SELECT * FROM traces t WHERE EXISTS (SELECT 1 FROM spans s WHERE s.name = t.root_name)",
      "correlated subquery",
    ],
    [
      "a fragment correlated on another column",
      "EXISTS (SELECT 1 FROM spans s WHERE s.span_id = t.root_span_id)",
      "correlated subquery",
    ],
    [
      "a queue taken across shards",
      "DELETE FROM traces WHERE trace_id IN (SELECT trace_id FROM traces ORDER BY start_us LIMIT 10 FOR UPDATE SKIP LOCKED)",
      "multi-shard row lock",
    ],
    [
      "a data-modifying CTE",
      "WITH old AS (DELETE FROM trace_links WHERE trace_id = ANY($1) RETURNING calls) SELECT sum(calls) FROM old",
      "modifying CTE",
    ],
    ["a window across shards", "SELECT s.trace_id, count(*) OVER () FROM spans s", "coordinator window"],
  ])("flags %s", (_, sql, rule) => {
    expect(rules(sql)).toEqual([rule]);
  });

  it("names the distributed tables a statement reads", () => {
    const sql = "SELECT * FROM services v JOIN spans s ON s.service_name = v.service_name";
    expect(analyseSql(sql).distributedTables).toEqual(["spans"]);
  });
});
