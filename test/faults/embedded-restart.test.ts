import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { endServerProcesses, readPostmasterPid, serverProcessIds } from "../../lib/db/embedded-postmaster";
import { buildIfStale } from "../../scripts/build-if-stale";
import { checkoutTraceId, postCheckoutSpan, readCheckoutTrace } from "../checkout-span";
import { startEmbeddedTracelight, type TracelightProcess, untilHealth } from "../tracelight-process";

/**
 * The embedded PostgreSQL under a supervisor's faults: its postmaster killed (-9) and restarted, a
 * restart that cannot succeed, its process dying of an uncaught error, and Tracelight itself killed
 * (-9). Each test runs its own Tracelight on its own data directory, with DATABASE_URL unset as a
 * newcomer runs it, and leaves no process and no directory behind.
 */
let dataDir = "";
let databaseDir = "";
const started: TracelightProcess[] = [];

beforeAll(() => buildIfStale(), 600_000); // here: a first build outlasts any health wait

afterEach(async () => {
  for (const server of started.splice(0)) {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGKILL");
    await server.exited;
  }
  if (!dataDir) return;
  await endServerProcesses(databaseDir, 5_000);
  await chmod(databaseDir, 0o700).catch(() => undefined);
  await rm(dataDir, { recursive: true, force: true });
  dataDir = "";
});

/** The test's data directory, made at first use; afterEach removes it. */
async function testDataDir(): Promise<string> {
  if (!dataDir) {
    dataDir = await mkdtemp(path.join(tmpdir(), "tracelight-supervise-"));
    await chmod(dataDir, 0o755); // mkdtemp makes it private; PostgreSQL's own user must enter it
    databaseDir = path.join(dataDir, "postgres");
  }
  return dataDir;
}

async function start(): Promise<TracelightProcess> {
  await testDataDir();
  const server = await startEmbeddedTracelight(dataDir);
  started.push(server);
  await untilHealth(server, 200, 60_000);
  return server;
}

/** Whether `pid` is a running process (a zombie, dead and not yet reaped, is not). */
function isAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

function postmasterPid(): number {
  const pid = readPostmasterPid(databaseDir);
  if (pid === undefined) throw new Error(`no postmaster.pid in ${databaseDir}`);
  return pid;
}

async function exitWithin(server: TracelightProcess, ms: number): Promise<number | null | "still running"> {
  const timeout = new Promise<"still running">((resolve) => setTimeout(resolve, ms, "still running").unref());
  return Promise.race([server.exited, timeout]);
}

describe("the embedded PostgreSQL", () => {
  it("is restarted after kill -9, on the same port and data, and counted", async () => {
    const server = await start();
    const before = checkoutTraceId();
    expect(await postCheckoutSpan(server.baseUrl, before)).toBe(202);
    const killed = postmasterPid();

    process.kill(killed, "SIGKILL");
    await untilHealth(server, 503, 5_000);
    const recoveredMs = await untilHealth(server, 200, 30_000);

    expect(recoveredMs).toBeLessThan(30_000);
    expect(postmasterPid()).not.toBe(killed);
    expect(isAlive(postmasterPid())).toBe(true);
    const after = checkoutTraceId();
    expect(await postCheckoutSpan(server.baseUrl, after)).toBe(202);
    expect(await readCheckoutTrace(server.baseUrl, after)).toMatchObject([
      { traceId: after, name: "checkout" },
    ]);
    expect(await readCheckoutTrace(server.baseUrl, before)).toMatchObject([
      { traceId: before, name: "checkout" },
    ]);
    const metrics = await (await fetch(`${server.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/^tracelight_embedded_postgres_restarts_total 1$/m);
    expect(server.output()).toContain("embedded PostgreSQL died; restarting it");
    expect(server.output()).toContain("killed by SIGKILL");
    expect(server.output()).toContain("embedded PostgreSQL restarted");

    server.child.kill("SIGTERM");
    expect(await exitWithin(server, 30_000)).toBe(0);
    expect(serverProcessIds(databaseDir)).toEqual([]);
  });

  it("ends Tracelight non-zero, saying why, when it cannot be restarted, and leaves no server running", async () => {
    const server = await start();
    const killed = postmasterPid();

    // Unusable for the server's user from now on (as for an operator's mistaken chmod -R).
    await chmod(databaseDir, 0o000);
    process.kill(killed, "SIGKILL");

    // Five attempts over 30 s (RESTART_POLICY), then the shutdown.
    expect(await exitWithin(server, 60_000)).toBe(1);
    expect(server.output()).toMatch(
      /could not be restarted \(5 attempts over 30 s; last: .*Permission denied/,
    );
    expect(server.output()).toContain(`check the data directory ${databaseDir}`);
    expect(server.output()).toContain('"level":"fatal"');
    expect(isAlive(killed)).toBe(false);
    expect(serverProcessIds(databaseDir)).toEqual([]);
  });

  it("does not outlive a process that dies of an uncaught error", async () => {
    const script = path.join(import.meta.dirname, "crash-with-embedded-postgres.ts");
    const crashing = spawn(process.execPath, ["--import", "tsx", script, await testDataDir()], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    crashing.stdout.on("data", (chunk) => (output += chunk));
    crashing.stderr.on("data", (chunk) => (output += chunk));
    const code = await new Promise((resolve) => crashing.once("exit", resolve));

    expect(output).toContain("crashed on purpose");
    expect(code).toBe(1);
    const postmaster = Number.parseInt(output, 10);
    expect(postmaster).toBeGreaterThan(0);
    // The exit hook asks for a fast shutdown, which the server completes on its own.
    await expect.poll(() => isAlive(postmaster), { timeout: 30_000 }).toBe(false);
    await expect.poll(() => serverProcessIds(databaseDir), { timeout: 5_000 }).toEqual([]);
  });

  it("left running by a Tracelight killed with -9 is stopped by the next start, which serves its data", async () => {
    const first = await start();
    const id = checkoutTraceId();
    expect(await postCheckoutSpan(first.baseUrl, id)).toBe(202);
    const orphan = postmasterPid();
    first.child.kill("SIGKILL");
    await first.exited;
    expect(isAlive(orphan)).toBe(true);

    const second = await start();

    expect(second.output()).toContain("stopped the embedded PostgreSQL an earlier Tracelight left running");
    expect(isAlive(orphan)).toBe(false);
    expect(postmasterPid()).not.toBe(orphan);
    expect(await readCheckoutTrace(second.baseUrl, id)).toMatchObject([{ traceId: id, name: "checkout" }]);
    second.child.kill("SIGTERM");
    expect(await exitWithin(second, 30_000)).toBe(0);
    expect(serverProcessIds(databaseDir)).toEqual([]);
  });
});
