import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { readConfig } from "../config";
import { log } from "../observe/log";
import { metrics } from "../observe/metrics";
import { PrismaClient } from "./generated/client";
import { ReadGate } from "./read-gate";

/**
 * The process's connections, kept on globalThis so that Next's dev reloads do not open new ones per
 * edit:
 * - `pool`, shared by Prisma (through the driver adapter) and the raw SQL of ingest, whose statements
 *   are cut off after WRITE_TIMEOUT_MS: a write that long is stuck, not busy;
 * - `readPool`, smaller, for the reads (searches, traces, graph, metrics), on DATABASE_READ_URL (a
 *   replica) when set: read-only connections whose statements are cut off after
 *   TRACELIGHT_QUERY_TIMEOUT, so a burst of slow reads can neither take ingest's connections nor
 *   write nor run without end; `readPrisma`, Prisma Client on it, for the ordinary reads by key
 *   (lib/db/README.md);
 * - `healthPool`, one connection for health checks with second-long timeouts, so a load balancer's
 *   check answers in time even when ingest has every other connection busy or the database is gone.
 * Each pool connects on first use: a query instance (lib/role.ts) never uses `pool` or `prisma`, so
 * it opens no connection that could write.
 * Beside them, the bounds of a read: how many spans one returns, how many whole traces are read at once.
 */
interface Database {
  pool: pg.Pool;
  prisma: PrismaClient;
  readPool: pg.Pool;
  readPrisma: PrismaClient;
  healthPool: pg.Pool;
  maxTraceSpans: number;
  traceReads: ReadGate;
}

const WRITE_TIMEOUT_MS = 60_000;
/** Whole-trace reads that may wait for their turn before more are turned away with a 503. */
const WAITING_TRACE_READS = 16;

const globalForDb = globalThis as typeof globalThis & { tracelightDb?: Database };

export function db(): Database {
  if (!globalForDb.tracelightDb) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set: start Tracelight with npm start");
    const config = readConfig();
    const pool = newPool("main", {
      connectionString,
      max: 10,
      options: `-c statement_timeout=${WRITE_TIMEOUT_MS}`,
    });
    const readPool = newPool("read", {
      connectionString: config.DATABASE_READ_URL ?? connectionString,
      max: 4,
      options: `-c default_transaction_read_only=on -c statement_timeout=${Math.max(1, Math.round(config.TRACELIGHT_QUERY_TIMEOUT / 1000))}`,
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
      readPool,
      readPrisma: new PrismaClient({ adapter: new PrismaPg(readPool) }),
      healthPool,
      maxTraceSpans: config.TRACELIGHT_MAX_TRACE_SPANS,
      traceReads: new ReadGate(config.TRACELIGHT_MAX_TRACE_READS, WAITING_TRACE_READS),
    };
  }
  return globalForDb.tracelightDb;
}

export async function closeDb(): Promise<void> {
  const current = globalForDb.tracelightDb;
  globalForDb.tracelightDb = undefined;
  if (current) {
    await current.prisma.$disconnect();
    await current.readPrisma.$disconnect();
    await current.pool.end();
    await current.readPool.end();
    await current.healthPool.end();
  }
}

function newPool(name: string, config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool({ connectionTimeoutMillis: 5_000, ...config });
  // A connection dropped by the server (a restart, a failover) must not take the process down with it:
  // the pool reports idle ones, and a client in use reports on itself, where nothing else listens
  // between its queries. The query in flight, if any, fails on its own and is answered as such.
  const lost = (error: Error) => log.warn({ pool: name, err: error.message }, "database connection lost");
  pool.on("error", lost);
  pool.on("connect", (client) => client.on("error", lost));
  metrics.pools.set(name, pool);
  return pool;
}
