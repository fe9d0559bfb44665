import pg from "pg";
import { log } from "../observe/log";
import { metrics } from "../observe/metrics";

/**
 * Leader election among the instances sharing one database (lib/role.ts: `all` and `maintenance`),
 * so that the background jobs — storage maintenance, link derivation, count folding — run on one of
 * them at a time, however many are started:
 *
 *   instance A   lock ✓ ── leader: jobs run ─────────────── ✗ dies (its session ends, the lock frees)
 *   instance B   lock ✗ ·· retry ·· lock ✗ ·· retry ·· lock ✗ ·· lock ✓ ── leader: jobs run ──
 *                                                                   └ takeover, within RETRY_MS
 *
 * The lock is a session-level advisory lock (pg_try_advisory_lock) held on a connection of its own,
 * opened for nothing else: PostgreSQL frees it when that session ends, whether the process stopped,
 * crashed or lost its network, so a dead leader needs no timeout or heartbeat table to be replaced.
 * Instances that are not leader try again every RETRY_MS. A leader checks its connection as often;
 * when it is lost (an error, the server restarting, a check that fails) it may no longer be leader,
 * so it stops its jobs at once, then competes again like the others. A job's statement in flight
 * when the lock is lost may still finish: every job is safe to run twice (each takes its own
 * transaction-level lock and is idempotent), the leader only keeps them from running everywhere.
 *
 * The lock connection must reach PostgreSQL itself, a session of its own: behind a pooler in
 * transaction mode (PgBouncer's default) a session lock is meaningless.
 */
export interface Leadership {
  /** Whether this instance leads now. */
  leading(): boolean;
  /** Stops the jobs if leading, gives the lock up and closes the connection. */
  stop(): Promise<void>;
}

/** Starts the jobs; the function it returns stops them (resolving once a run in progress ended). */
export type StartJobs = () => () => Promise<void>;

/**
 * Any constant shared by every Tracelight instance, distinct from every other advisory lock's:
 * migrate.ts 001, retention.ts 002, links.ts 003, fold-counts.ts 004. Sharing links.ts's made the
 * leader's own session lock block its link derivation (test/faults/replica-cluster.test.ts).
 */
export const LEADER_LOCK_ID = 7_246_113_005;
/** How often a non-leader tries for the lock, and a leader checks that its connection still holds it. */
const RETRY_MS = 2_000;
/** A check or a try that takes longer than this treats the connection as lost. */
const QUERY_TIMEOUT_MS = 5_000;

export function leadWhenElected(
  connectionString: string,
  startJobs: StartJobs,
  options: { retryMs?: number } = {},
): Leadership {
  const retryMs = options.retryMs ?? RETRY_MS;
  let client: pg.Client | undefined;
  let stopJobs: (() => Promise<void>) | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  // Ticks, losses and stop() run one after another, never interleaved.
  let chain: Promise<void> = Promise.resolve();
  const serially = (step: () => Promise<void>) => {
    chain = chain.then(step, step);
    return chain;
  };
  metrics.leader.set(0);

  const connect = async (): Promise<pg.Client> => {
    const next = new pg.Client({
      connectionString,
      connectionTimeoutMillis: QUERY_TIMEOUT_MS,
      query_timeout: QUERY_TIMEOUT_MS,
      keepAlive: true,
      application_name: "tracelight leader election",
    });
    // A dropped connection (a restart, a failover) is a loss of the lock, never the process's end.
    next.on("error", (error) => void serially(() => lose(next, error.message)));
    next.on("end", () => void serially(() => lose(next, "the connection ended")));
    await next.connect();
    return next;
  };

  const lose = async (lost: pg.Client, reason: string) => {
    if (client !== lost) return;
    client = undefined;
    await lost.end().catch(() => undefined);
    if (stopJobs) {
      const stopping = stopJobs;
      stopJobs = undefined;
      metrics.leader.set(0);
      log.warn({ err: reason }, "lost the leader's database connection: stopped the background jobs");
      await stopping().catch(() => undefined);
    }
  };

  const tick = async () => {
    if (stopped) return;
    try {
      client ??= await connect();
      const current = client;
      if (stopJobs) {
        await current.query("SELECT 1");
        return;
      }
      const { rows } = await current.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [
        LEADER_LOCK_ID,
      ]);
      if (!rows[0]?.locked || stopped || client !== current) return;
      stopJobs = startJobs();
      metrics.leader.set(1);
      metrics.leaderTakeovers.inc();
      log.info("leading: this instance runs the background jobs (maintenance, links, count folding)");
    } catch (error) {
      if (client) await lose(client, (error as Error).message);
      else log.warn({ err: (error as Error).message }, "cannot reach the database to compete for leader");
    }
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void serially(tick).then(schedule), retryMs);
    timer.unref();
  };
  void serially(tick).then(schedule);

  return {
    leading: () => stopJobs !== undefined,
    stop: () =>
      serially(async () => {
        stopped = true;
        clearTimeout(timer);
        const current = client;
        client = undefined;
        if (stopJobs) await stopJobs().catch(() => undefined);
        stopJobs = undefined;
        metrics.leader.set(0);
        // Ending the session frees the lock: another instance takes over at its next try.
        await current?.end().catch(() => undefined);
      }),
  };
}
