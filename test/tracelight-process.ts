import { type ChildProcess, spawn } from "node:child_process";
import { freePort } from "../lib/net/free-port";
import { startCommand } from "./start-command";
import { PEER_PORT_VARIABLES } from "./test-server";

/**
 * Tracelight started as a newcomer's `npm start` starts it, on its embedded PostgreSQL (DATABASE_URL
 * unset) in `dataDir`, on a free port with the peers' ports off, its output kept for assertions.
 * For fault tests that kill its processes: the caller stops it (`child`) and cleans up.
 */
export interface TracelightProcess {
  baseUrl: string;
  child: ChildProcess;
  /** Everything it printed so far (pino's JSON lines and the rest). */
  output(): string;
  exited: Promise<number | null>;
}

export async function startEmbeddedTracelight(dataDir: string): Promise<TracelightProcess> {
  const { DATABASE_URL: _unset, ...parentEnv } = process.env;
  const port = await freePort();
  const child = spawn(startCommand.command, startCommand.args, {
    cwd: startCommand.cwd,
    env: {
      ...parentEnv,
      ...Object.fromEntries(PEER_PORT_VARIABLES.map((name) => [name, "off"])),
      TRACELIGHT_HOST: "127.0.0.1",
      PORT: String(port),
      TRACELIGHT_DATA_DIR: dataDir,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { baseUrl: `http://127.0.0.1:${port}`, child, output: () => output, exited };
}

/**
 * Polls health until it answers `status`, failing after `timeoutMs` (or when the process exits).
 * Returns how long that took.
 */
export async function untilHealth(
  server: TracelightProcess,
  status: number,
  timeoutMs: number,
): Promise<number> {
  const startedMs = Date.now();
  while (Date.now() - startedMs < timeoutMs) {
    if (server.child.exitCode !== null) {
      throw new Error(`Tracelight exited (${server.child.exitCode}):\n${server.output()}`);
    }
    const answered = await fetch(`${server.baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.status,
      () => undefined,
    );
    if (answered === status) return Date.now() - startedMs;
    // Often: a restarted database can be back within a few hundred milliseconds.
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`health did not answer ${status} within ${timeoutMs} ms:\n${server.output()}`);
}
