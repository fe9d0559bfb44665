import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { query } from "./helpers";

/**
 * The SQL migrations are what runs; schema.prisma is what Prisma Client is generated from. This
 * proves they describe the same tables, columns, types, nullability and keys, by reading the
 * migrated database of the test server.
 */
interface Column {
  table: string;
  column: string;
  type: string;
  nullable: boolean;
}

const PRISMA_TO_POSTGRES: Record<string, string> = {
  String: "text",
  BigInt: "bigint",
  Int: "integer",
  Boolean: "boolean",
  Json: "jsonb",
  DateTime: "timestamp with time zone",
};

function parseSchema(text: string): { columns: Column[]; keys: Record<string, string[]> } {
  const columns: Column[] = [];
  const keys: Record<string, string[]> = {};
  for (const [, body] of text.matchAll(/^model \w+ \{([^}]*)\}/gm)) {
    const lines = (body as string).split("\n").map((line) => line.trim());
    const table = /@@map\("(\w+)"\)/.exec(body as string)?.[1] as string;
    const dbName = new Map<string, string>();
    for (const line of lines) {
      const field = /^(\w+)\s+(\w+)(\?|\[\])?(.*)$/.exec(line);
      if (!field || line.startsWith("@@")) continue;
      const [, name, prismaType, modifier, attributes] = field as unknown as string[];
      const column = /@map\("(\w+)"\)/.exec(attributes as string)?.[1] ?? (name as string);
      dbName.set(name as string, column);
      const type = (attributes as string).includes("@db.SmallInt")
        ? "smallint"
        : (PRISMA_TO_POSTGRES[prismaType as string] as string);
      columns.push({
        table,
        column,
        type: modifier === "[]" ? `${type}[]` : type,
        nullable: modifier === "?",
      });
      if ((attributes as string).includes("@id")) keys[table] = [column];
    }
    const compound = /@@id\(\[([^\]]+)\]\)/.exec(body as string)?.[1];
    if (compound) keys[table] = compound.split(",").map((name) => dbName.get(name.trim()) as string);
  }
  return { columns, keys };
}

describe("schema.prisma and the migrations", () => {
  const schema = parseSchema(
    readFileSync(path.resolve(import.meta.dirname, "../../prisma/schema.prisma"), "utf8"),
  );
  const tables = [...new Set(schema.columns.map((column) => column.table))];

  it("declare the same columns with the same types and nullability", async () => {
    const rows = await query<{ table: string; column: string; type: string; nullable: boolean }>(
      `SELECT table_name AS table, column_name AS column,
         CASE WHEN data_type <> 'ARRAY' THEN data_type
              ELSE CASE substr(udt_name, 2) WHEN 'int2' THEN 'smallint' WHEN 'int4' THEN 'integer'
                   WHEN 'int8' THEN 'bigint' ELSE substr(udt_name, 2) END || '[]' END AS type,
         is_nullable = 'YES' AS nullable
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ANY($1)`,
      [tables],
    );
    const sort = (columns: Column[]) =>
      [...columns].sort((a, b) => `${a.table}.${a.column}`.localeCompare(`${b.table}.${b.column}`));
    expect(sort(rows)).toEqual(sort(schema.columns));
  });

  it("declare the same primary keys", async () => {
    const rows = await query<{ table: string; columns: string[] }>(
      `SELECT rel.relname AS table, array_agg(att.attname::text ORDER BY key.ordinality) AS columns
       FROM pg_constraint con
       JOIN pg_class rel ON rel.oid = con.conrelid
       CROSS JOIN unnest(con.conkey) WITH ORDINALITY AS key(attnum, ordinality)
       JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = key.attnum
       WHERE con.contype = 'p' AND rel.relname = ANY($1)
       GROUP BY rel.relname`,
      [tables],
    );
    expect(Object.fromEntries(rows.map((row) => [row.table, row.columns]))).toEqual(schema.keys);
  });
});
