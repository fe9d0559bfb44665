import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client";

/**
 * One pg pool per process, shared by Prisma (through the driver adapter) and by the raw SQL of the
 * hot paths, so both see the same connections and limits. Kept on globalThis so that Next's dev
 * reloads do not open a new pool per edit.
 */
interface Database {
  pool: pg.Pool;
  prisma: PrismaClient;
}

const globalForDb = globalThis as typeof globalThis & { tracelightDb?: Database };

export function db(): Database {
  if (!globalForDb.tracelightDb) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set: start Tracelight with npm start");
    const pool = new pg.Pool({ connectionString, max: 10, connectionTimeoutMillis: 5_000 });
    // An idle connection dropped by the server must not take the process down with it.
    pool.on("error", (error) => console.error(`database connection lost: ${error.message}`));
    globalForDb.tracelightDb = { pool, prisma: new PrismaClient({ adapter: new PrismaPg(pool) }) };
  }
  return globalForDb.tracelightDb;
}

export async function closeDb(): Promise<void> {
  const current = globalForDb.tracelightDb;
  globalForDb.tracelightDb = undefined;
  if (current) {
    await current.prisma.$disconnect();
    await current.pool.end();
  }
}
