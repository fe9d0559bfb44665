import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sqlTexts } from "./app-sql";
import { CITUS_LAYOUT } from "./layout";
import { analyseSql } from "./pushdown";

const root = path.resolve(import.meta.dirname, "../../..");
const dbDir = path.join(root, "lib/db");

/**
 * The statements Citus runs otherwise than on the shards of one trace, each with what it does there.
 * The test fails when a statement is found that is not here, and when one here is no longer found:
 * every new statement that touches a distributed table is classified on purpose.
 * Keyed by file, rule and detail (not line numbers, which move).
 */
const KNOWN: Record<string, string> = {
  // The attribute diff's population, counted beside the sample (count(*) OVER ()): Citus (≥ 9.3)
  // pulls the filtered rows to the coordinator and evaluates the window there; the query is bounded
  // by its window and sample cap, so that is a bounded pull, not a repartition.
  "attribute-diff.ts coordinator window t": "window on the coordinator",
  "attribute-diff.ts coordinator window s": "window on the coordinator",
  // Expiry takes the oldest traces with FOR UPDATE SKIP LOCKED across every shard, which Citus
  // refuses (row locks are for one-shard queries). Variant needed on Citus: only the maintenance
  // leader expires, so the lock can go (select the oldest ids, then DELETE … WHERE trace_id = ANY).
  "expire.ts multi-shard row lock traces": "needs a variant",
  // Link derivation replaces a batch of traces' shares (trace_id = ANY, distributed) and adds the
  // difference to the graph (a coordinator table) in one statement. Citus runs the modifying CTE
  // first as its own multi-shard statement and feeds its RETURNING rows to the rest as an
  // intermediate result; unverified without a cluster. Fallback: return the rows to Node and apply
  // them in a second statement.
  "links.ts modifying CTE old: DELETE on trace_links": "intermediate result, to verify",
  "links.ts modifying CTE shares: INSERT on trace_links": "intermediate result, to verify",
  "path-shares.ts modifying CTE old: DELETE on trace_paths": "intermediate result, to verify",
  "path-shares.ts modifying CTE shares: INSERT on trace_paths": "intermediate result, to verify",
  // A new day's partition takes the rows spans_default holds for that day. On Citus spans_default is
  // distributed and the new table local until attached: the move is the same modifying-CTE shape.
  // It moves rows only after partition maintenance fell behind (normally none).
  "partitions.ts modifying CTE moved: DELETE on spans_default": "intermediate result, to verify",
};

function appFindings(): string[] {
  const found: string[] = [];
  for (const file of readdirSync(dbDir).filter(
    (name) => name.endsWith(".ts") && !name.endsWith(".test.ts"),
  )) {
    for (const { sql } of sqlTexts(file, readFileSync(path.join(dbDir, file), "utf8"))) {
      for (const { rule, detail } of analyseSql(sql).findings) found.push(`${file} ${rule} ${detail}`);
    }
  }
  return found.sort();
}

describe("lib/db's SQL on Citus", () => {
  it("finds the SQL of lib/db, the distributed reads among it", () => {
    const texts = readdirSync(dbDir)
      .filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts"))
      .flatMap((file) => sqlTexts(file, readFileSync(path.join(dbDir, file), "utf8")));
    const distributed = texts.filter(({ sql }) => analyseSql(sql).distributedTables.length > 0);
    expect(texts.length).toBeGreaterThan(50);
    expect(distributed.length).toBeGreaterThan(20);
  });

  it("runs every statement on the shards of its traces, but for the known ones", () => {
    expect(appFindings()).toEqual(Object.keys(KNOWN).sort());
  });

  it("would fail on a statement joining spans across traces", () => {
    const source =
      // A placeholder, as the builders write them, in a TypeScript source.
      "const SQL = `SELECT * FROM spans s JOIN spans p ON p.span_id = s.parent_span_id WHERE $" + "{x}`;";
    const findings = sqlTexts("bad.ts", source).flatMap(({ sql }) => analyseSql(sql).findings);
    expect(findings).toEqual([{ rule: "cross-shard join", detail: "s with p" }]);
  });
});

describe("deploy/citus/distribute.sql", () => {
  const sql = readFileSync(path.join(root, "deploy/citus/distribute.sql"), "utf8");
  const migrations = readdirSync(path.join(root, "prisma/migrations"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => readFileSync(path.join(root, "prisma/migrations", entry.name, "migration.sql"), "utf8"))
    .join("\n");

  it("places every table the migrations create", () => {
    // A table remade in a new shape (operation_minutes) is created twice.
    const created = new Set([...migrations.matchAll(/CREATE TABLE "(\w+)"/g)].map((match) => match[1]));
    created.delete("spans_default");
    expect([...created].sort()).toEqual(Object.keys(CITUS_LAYOUT).sort());
  });

  it("distributes and replicates exactly what the layout says", () => {
    const calls = (fn: string) =>
      [...sql.matchAll(new RegExp(`SELECT ${fn}\\('(\\w+)'`, "g"))].map((match) => match[1]).sort();
    const placed = (placement: string) =>
      Object.entries(CITUS_LAYOUT)
        .filter(([, where]) => where === placement)
        .map(([table]) => table)
        .sort();
    expect(calls("create_distributed_table")).toEqual(placed("distributed"));
    expect(calls("create_reference_table")).toEqual(placed("reference"));
    expect(sql).toMatch(/create_distributed_table\('spans', 'trace_id', colocate_with => 'traces'\)/);
  });
});
