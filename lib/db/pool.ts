import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { log } from "../observe/log";
import { metrics } from "../observe/metrics";
import { PrismaClient } from "./generated/client";

/**
 * The process's connections, kept on globalThis so that Next's dev reloads do not open new ones per
 * edit: one pool shared by Prisma (through the driver adapter) and the raw SQL of ingest, a smaller
 * one for trace searches, whose connections are read-only and carry a statement timeout, so a burst of
 * slow searches can neither take ingest's connections nor write, and one connection for health
 * checks, with second-long timeouts, so a load balancer's check answers in time even when ingest has
 * every other connection busy or the database does not answer.
 */
interface Database {
  pool: pg.Pool;
  prisma: PrismaClient;
  searchPool: pg.Pool;
  healthPool: pg.Pool;
}

const globalForDb = globalThis as typeof globalThis & { tracelightDb?: Database };

export function db(): Database {
  if (!globalForDb.tracelightDb) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set: start Tracelight with npm start");
    const pool = newPool("main", { connectionString, max: 10 });
    const searchPool = newPool("search", {
      connectionString,
      max: 4,
      options: "-c default_transaction_read_only=on",
    });
    const healthPool = newPool("health", {
      connectionString,
      max: 1,
      connectionTimeoutMillis: 1_000,
      options: "-c statement_timeout=1000 -c default_transaction_read_only=on",
    });
    globalForDb.tracelightDb = {
      pool,
      prisma: new PrismaClient({ adapter: new PrismaPg(pool) }),
      searchPool,
      healthPool,
    };
  }
  return globalForDb.tracelightDb;
}

export async function closeDb(): Promise<void> {
  const current = globalForDb.tracelightDb;
  globalForDb.tracelightDb = undefined;
  if (current) {
    await current.prisma.$disconnect();
    await current.pool.end();
    await current.searchPool.end();
    await current.healthPool.end();
  }
}

function newPool(name: string, config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool({ connectionTimeoutMillis: 5_000, ...config });
  // An idle connection dropped by the server must not take the process down with it.
  pool.on("error", (error) => log.warn({ pool: name, err: error.message }, "database connection lost"));
  metrics.pools.set(name, pool);
  return pool;
}
