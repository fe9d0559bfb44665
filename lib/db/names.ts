import type { NamesQuery } from "../api/names";
import { db } from "./pool";

/**
 * The search form's suggestions (GET /api/names/…): names holding the typed text whatever its case,
 * those starting with it first, each group in lower-case order, at most `limit`. Services are matched
 * through their own indexes (prisma/migrations/…_bounded_names): a prefix is a range of the
 * lower-case index, read in order, and only when it gives fewer than `limit` names does the substring
 * match run, through the trigram index. A service's operations are at most
 * TRACELIGHT_MAX_OPERATIONS_PER_SERVICE rows of service_operations' key: read and sorted whole.
 */
export async function matchServiceNames({ q, limit }: NamesQuery): Promise<string[]> {
  const pool = db().readPool;
  const prefix = `${escapeLike(q)}%`;
  const { rows: starting } = await pool.query<{ name: string }>(
    `SELECT service_name AS name FROM services WHERE lower(service_name) COLLATE "C" LIKE lower($1)
      ORDER BY lower(service_name) COLLATE "C", service_name LIMIT $2`,
    [prefix, limit],
  );
  if (starting.length === limit || q === "") return starting.map((row) => row.name);
  const { rows: holding } = await pool.query<{ name: string }>(
    `SELECT service_name AS name FROM services
      WHERE service_name ILIKE $1 AND NOT lower(service_name) COLLATE "C" LIKE lower($2)
      ORDER BY lower(service_name) COLLATE "C", service_name LIMIT $3`,
    [`%${escapeLike(q)}%`, prefix, limit - starting.length],
  );
  return [...starting, ...holding].map((row) => row.name);
}

export async function matchOperationNames({ service, q, limit }: NamesQuery & { service: string }) {
  const { rows } = await db().readPool.query<{ name: string }>(
    `SELECT name FROM (
       SELECT DISTINCT span_name AS name FROM service_operations
        WHERE service_name = $1 AND span_name ILIKE $2) matching
      ORDER BY NOT lower(name) COLLATE "C" LIKE lower($3), lower(name) COLLATE "C", name LIMIT $4`,
    [service, `%${escapeLike(q)}%`, `${escapeLike(q)}%`, limit],
  );
  return rows.map((row) => row.name);
}

/** Text to match literally in a LIKE pattern, whose escape character is the backslash. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}
