import pg from "pg";
import { type EmbeddedCredentials, scramVerifier } from "./embedded-credentials";

/**
 * Tracelight's own role on the embedded PostgreSQL, made (or put right) at each start by the
 * superuser. It logs in and owns the `database`, its public schema and every table in it, so that
 * migrations and the daily partitions, run as it, create and drop what they own; it is nothing more:
 * not a superuser, no CREATEROLE, CREATEDB, REPLICATION or BYPASSRLS, and none of the predefined
 * roles that read or write the server's files or run programs (COPY … FROM PROGRAM, pg_read_file).
 *
 * A data directory made before the role existed has everything owned by the superuser: the
 * database, the schema, the tables (partitions one by one: their parent's owner does not pass down)
 * and any sequences and views are handed over. Objects of extensions stay the superuser's (pg_trgm,
 * which the role may use but need not own). Returns how many objects changed owner.
 */
export async function prepareApplicationRole(
  port: number,
  credentials: EmbeddedCredentials,
  database: string,
): Promise<number> {
  const role = credentials.application.user;
  const asSuperuser = (name: string) =>
    new pg.Client({ host: "127.0.0.1", port, ...credentials.superuser, database: name });
  let changed = 0;
  await withClient(asSuperuser("postgres"), async (client) => {
    const quoted = client.escapeIdentifier(role);
    const { rowCount } = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role]);
    if (!rowCount) await client.query(`CREATE ROLE ${quoted}`);
    await client.query(
      `ALTER ROLE ${quoted} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
       PASSWORD '${scramVerifier(credentials.application.password)}'`,
    );
    const { rows } = await client.query<{ owned: boolean }>(
      "SELECT datdba = to_regrole($2) AS owned FROM pg_database WHERE datname = $1",
      [database, role],
    );
    if (rows.length === 0) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)} OWNER ${quoted}`);
    } else if (!rows[0]?.owned) {
      await client.query(`ALTER DATABASE ${client.escapeIdentifier(database)} OWNER TO ${quoted}`);
      changed++;
    }
  });
  await withClient(asSuperuser(database), async (client) => {
    const { rows } = await client.query<{ statement: string }>(
      `SELECT format('ALTER SCHEMA %I OWNER TO %I', nspname, $1::text) AS statement
       FROM pg_namespace WHERE nspname = 'public' AND nspowner <> to_regrole($1)
       UNION ALL
       SELECT * FROM (
         SELECT format('ALTER %s %s OWNER TO %I', CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
           WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, c.oid::regclass, $1::text)
         FROM pg_class c
         WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
           AND c.relowner <> to_regrole($1)
           AND NOT EXISTS (SELECT 1 FROM pg_depend d
             WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
         -- A table's own sequences follow it: after the tables, theirs are already handed over.
         ORDER BY c.relkind = 'S') AS relations`,
      [role],
    );
    if (rows.length === 0) return;
    await client.query("BEGIN");
    for (const { statement } of rows) await client.query(statement);
    await client.query("COMMIT");
    changed += rows.length;
  });
  return changed;
}

async function withClient(client: pg.Client, use: (client: pg.Client) => Promise<void>): Promise<void> {
  await client.connect();
  try {
    await use(client);
  } finally {
    await client.end();
  }
}
