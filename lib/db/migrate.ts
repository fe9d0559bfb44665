import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { log, redactUrl } from "../observe/log";

/**
 * Applies prisma/migrations/<name>/migration.sql in name order, each in its own transaction, and
 * records them in `_prisma_migrations` exactly as `prisma migrate deploy` does, so the Prisma CLI
 * agrees with what ran. Prisma's own migrate engine is a downloaded binary; doing this in the app
 * means a fresh install needs nothing but npm. An advisory lock lets several instances start at once.
 */
const LOCK_ID = 7_246_113_001; // any constant shared by every Tracelight instance

const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../../prisma/migrations");

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  return Promise.all(
    names.sort().map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

/** Returns the names of the migrations it applied. */
export async function applyMigrations(connectionString: string): Promise<string[]> {
  const migrations = await readMigrations();
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_ID]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations"
       WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Map(rows.map((row) => [row.migration_name, row.checksum]));
    const done: string[] = [];
    for (const migration of migrations) {
      const checksum = applied.get(migration.name);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          log.warn({ migration: migration.name }, "migration edited after it was applied; left as it ran");
        }
        continue;
      }
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
           VALUES ($1, $2, now(), $3, 1)`,
          [randomUUID(), migration.checksum, migration.name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`);
      }
      done.push(migration.name);
    }
    return done;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_ID]).catch(() => undefined);
    await client.end();
  }
}

/** How often, and how long in all, an instance that does not migrate waits for the schema. */
const SCHEMA_POLL_MS = 2_000;
const SCHEMA_WAIT_MS = 10 * 60_000;

/**
 * For an instance that never migrates (TRACELIGHT_ROLE=query, on a replica and as a role that can
 * only read): resolves once the database has the latest migration of prisma/migrations, applied
 * by an instance on the primary and replicated, polling and saying why it waits; rejects with what
 * to do after `waitMs`, or at once when this role may not read `_prisma_migrations`. Writes nothing.
 */
export async function awaitMigrations(
  connectionString: string,
  options: { pollMs?: number; waitMs?: number } = {},
): Promise<string> {
  const { pollMs = SCHEMA_POLL_MS, waitMs = SCHEMA_WAIT_MS } = options;
  const latest = (await readMigrations()).at(-1)?.name;
  if (latest === undefined) throw new Error(`no migrations in ${MIGRATIONS_DIR}`);
  const deadline = Date.now() + waitMs;
  const where = redactUrl(connectionString);
  for (;;) {
    const reason = await missingMigration(connectionString, latest);
    if (reason === undefined) return latest;
    if (Date.now() >= deadline) {
      throw new Error(
        `gave up after ${Math.round(waitMs / 1000)} s waiting for migration ${latest} at ${where} (${reason}): ` +
          "start an instance of role all, ingest or maintenance on the primary to apply it, and check that the replica follows the primary",
      );
    }
    log.info(
      { migration: latest, database: where, reason },
      "waiting for the schema: an instance on the primary applies the migrations; this role never does",
    );
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** Why `latest` is not there yet (undefined when it is); throws when waiting cannot help. */
async function missingMigration(connectionString: string, latest: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 5_000, query_timeout: 5_000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query(
      `SELECT 1 FROM "_prisma_migrations"
       WHERE migration_name = $1 AND finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      [latest],
    );
    return rows.length > 0 ? undefined : "not applied yet";
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    if (code === "42P01") return "no migrations applied yet";
    if (code === "42501") {
      throw new Error(
        `cannot read _prisma_migrations at ${redactUrl(connectionString)}: ${message}; grant this role SELECT on Tracelight's tables`,
      );
    }
    return message;
  } finally {
    await client.end().catch(() => undefined);
  }
}
