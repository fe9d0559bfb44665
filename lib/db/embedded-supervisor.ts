import { setTimeout as sleep } from "node:timers/promises";
import { log } from "../observe/log";
import { metrics } from "../observe/metrics";
import { describeExit, type Postmaster } from "./embedded-postmaster";

/**
 * Keeps the embedded PostgreSQL running. When its postmaster dies (its exit event, before any query
 * fails), another is started on the same port and data directory, so the URL every pool holds stays
 * valid and the pools reconnect by themselves; PostgreSQL runs crash recovery as it starts.
 *
 * Restarts are bounded (RESTART_POLICY). When every attempt has failed, the reason is logged and
 * `onGiveUp` is called: the process should exit non-zero, so that whatever runs it (systemd, Docker)
 * restarts it and an operator sees the failure, instead of answering 503 for ever.
 */
export interface RestartPolicy {
  /** Before each attempt, how long to wait: its length is the number of attempts. */
  delaysMs: number[];
  /** A server that stays up this long has recovered: its next death starts a fresh count. */
  stableMs: number;
}

/**
 * The first attempt at once: the dead server's backends are gone within a second (they notice their
 * postmaster's death, or are killed) and crash recovery takes seconds, so one death costs ~1–3 s of
 * 503s. Then back off, 2 → 16 s: what five attempts over 30 s have not fixed (a full disk, a broken or
 * vanished data directory, the port taken meanwhile) waiting will not fix either, and a process
 * supervisor's restart of the whole process (a fresh port, a fresh start) is the next remedy.
 */
export const RESTART_POLICY: RestartPolicy = {
  delaysMs: [0, 2_000, 4_000, 8_000, 16_000],
  stableMs: 60_000,
};

export interface SupervisionOptions {
  /** Aborted when the process begins to shut down: a server that stops from then on is expected to. */
  signal?: AbortSignal;
  /** Called once, after the reason is logged, when every restart attempt has failed. */
  onGiveUp?: (error: Error) => void;
}

export interface Supervisor {
  /** Stops supervising, then stops the server (whichever is running, restarted or not). */
  stop(): Promise<void>;
}

/**
 * Watches `first` (already accepting connections); `restart` makes the old server's leftovers go and
 * spawns a new one, not yet ready.
 */
export function supervise(
  first: Postmaster,
  restart: () => Promise<Postmaster>,
  databaseDir: string,
  options: SupervisionOptions = {},
  policy: RestartPolicy = RESTART_POLICY,
): Supervisor {
  const stopping = new AbortController();
  const holding = AbortSignal.any([stopping.signal, ...(options.signal ? [options.signal] : [])]);
  let current = first;
  let startedAtMs = Date.now();
  let attempts = 0; // since the server last stayed up for policy.stableMs
  let spawning: Promise<Postmaster> | undefined;

  const watch = (postmaster: Postmaster) =>
    void postmaster.exited.then((exit) => {
      if (holding.aborted || postmaster !== current) return;
      log.error(
        { pid: postmaster.pid, exit: describeExit(exit), output: postmaster.recentOutput() },
        "embedded PostgreSQL died; restarting it",
      );
      void recover(`it died (${describeExit(exit)})`);
    });

  async function recover(death: string): Promise<void> {
    if (Date.now() - startedAtMs >= policy.stableMs) attempts = 0;
    let reason = death;
    while (attempts < policy.delaysMs.length) {
      const attempt = ++attempts;
      await sleep(policy.delaysMs[attempt - 1], undefined, { signal: holding }).catch(() => undefined);
      if (holding.aborted) return;
      log.warn({ attempt, of: policy.delaysMs.length }, "restarting the embedded PostgreSQL");
      let next: Postmaster | undefined;
      try {
        // Current as soon as it exists, so that a stop() from now on stops this one.
        spawning = restart().then((spawned) => (current = spawned));
        next = await spawning;
        if (holding.aborted) return;
        await next.ready;
      } catch (error) {
        if (holding.aborted) return;
        reason = (error as Error).message;
        log.error({ attempt, reason, output: next?.recentOutput() }, "embedded PostgreSQL restart failed");
        await next?.stop(); // one that is not ready in time is still running
        continue;
      }
      if (holding.aborted) return;
      startedAtMs = Date.now();
      metrics.embeddedRestarts.inc();
      log.info({ attempt, pid: next.pid }, "embedded PostgreSQL restarted");
      watch(next);
      return;
    }
    const totalS = policy.delaysMs.reduce((sum, ms) => sum + ms, 0) / 1000;
    const error = new Error(
      `the embedded PostgreSQL died and could not be restarted (${attempts} attempts over ${totalS} s; ` +
        `last: ${reason}). Tracelight exits so that what runs it (systemd, Docker) starts it again. ` +
        `If that fails too, check the data directory ${databaseDir} (free disk space, owner, permissions) ` +
        "and PostgreSQL's messages above, or set DATABASE_URL to a PostgreSQL of your own.",
    );
    log.fatal({ databaseDir }, error.message);
    options.onGiveUp?.(error);
  }

  watch(first);
  return {
    stop: async () => {
      stopping.abort();
      await spawning?.catch(() => undefined);
      await current.stop();
    },
  };
}
