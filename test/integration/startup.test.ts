import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { startCommand } from "../start-command";

/** `npm start` as a newcomer runs it: its own process, its own environment. */

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string | undefined>): Started {
  const { DATABASE_URL: _inherited, ...parentEnv } = process.env;
  const child = spawn(startCommand.command, startCommand.args, {
    cwd: startCommand.cwd,
    env: { ...parentEnv, TRACELIGHT_HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function untilHealthy(port: number): Promise<void> {
  for (let attempt = 0; attempt < 240; attempt++) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no healthy server on port ${port}`);
}

describe("npm start", () => {
  it("names a database it cannot reach in one line and exits 1", async () => {
    const run = start({ PORT: "3231", DATABASE_URL: "postgresql://nobody:secret@127.0.0.1:1/none" });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain(
      "cannot connect to the database at postgresql://nobody:***@127.0.0.1:1/none",
    );
    expect(run.output()).not.toContain("secret");
  });

  it("names a configuration value it cannot use and exits 1", async () => {
    const run = start({ PORT: "3234", DATABASE_URL: "mysql://localhost/x", TRACELIGHT_RETENTION: "soon" });
    expect(await run.exited).toBe(1);
    // One log line, at fatal level, naming both values.
    const lines = run.output().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      level: "fatal",
      msg: 'tracelight: Invalid configuration: DATABASE_URL: expected a postgres:// or postgresql:// URL; TRACELIGHT_RETENTION: expected a duration such as 7d or 48h, got "soon"',
    });
  });

  it("names a port that is taken and exits 1", async () => {
    const blocker = createServer().listen(3232, "127.0.0.1");
    try {
      const run = start({ PORT: "3232", DATABASE_URL: inject("databaseUrl") });
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain("port 3232 is already in use");
    } finally {
      blocker.close();
    }
  });

  it("names a peer's port that is taken, and serves on the main port and the peers' other ports", async () => {
    // The test server holds the default peer ports; this one moves two of them and finds 9411 taken.
    const run = start({
      PORT: "3235",
      DATABASE_URL: inject("databaseUrl"),
      TRACELIGHT_ZIPKIN_PORT: "9411",
      TRACELIGHT_JAEGER_HTTP_PORT: "3236",
      TRACELIGHT_OTLP_HTTP_PORT: "off",
      TRACELIGHT_OTLP_GRPC_PORT: "off",
      TRACELIGHT_DATADOG_PORT: "off",
      TRACELIGHT_SAMPLING_PORT: "off",
      TRACELIGHT_JAEGER_COMPACT_PORT: "off",
      TRACELIGHT_JAEGER_BINARY_PORT: "off",
    });
    try {
      await untilHealthy(3235);
      expect(run.output()).toContain("Zipkin (HTTP): not listening on port 9411 (the port is taken)");
      expect(run.output()).toContain("Set TRACELIGHT_ZIPKIN_PORT to another port, or to off.");
      expect((await fetch("http://127.0.0.1:3236/api/health")).status).toBe(200);
    } finally {
      run.child.kill("SIGTERM");
      await run.exited;
    }
  });

  it("runs on an embedded PostgreSQL when DATABASE_URL is unset, keeps the data across restarts and crashes", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "tracelight-embedded-"));
    await chmod(dataDir, 0o755); // mkdtemp makes it private; PostgreSQL's own user must enter it
    const traceId = "00000000000000000000000000e0b0d1";
    const span = { traceId, id: "00000000000000e1", name: "boot", timestamp: Date.now() * 1000, duration: 5 };
    try {
      const first = start({ PORT: "3233", TRACELIGHT_DATA_DIR: dataDir });
      await untilHealthy(3233);
      expect(first.output()).toContain("embedded PostgreSQL");
      const posted = await fetch("http://127.0.0.1:3233/api/v2/spans", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify([span]),
      });
      expect(posted.status).toBe(202);
      first.child.kill("SIGTERM");
      expect(await first.exited).toBe(0);
      expect(existsSync(path.join(dataDir, "postgres", "postmaster.pid"))).toBe(false);

      const second = start({ PORT: "3233", TRACELIGHT_DATA_DIR: dataDir });
      await untilHealthy(3233);
      const trace = await (await fetch(`http://127.0.0.1:3233/api/v2/trace/${traceId}`)).json();
      expect(trace).toMatchObject([{ id: "00000000000000e1", name: "boot" }]);
      // Killed outright, it cannot stop its PostgreSQL; the next start takes the data back.
      second.child.kill("SIGKILL");
      await second.exited;
      const third = start({ PORT: "3233", TRACELIGHT_DATA_DIR: dataDir });
      await untilHealthy(3233);
      expect(third.output()).toContain("an earlier Tracelight left running");
      expect((await fetch(`http://127.0.0.1:3233/api/v2/trace/${traceId}`)).status).toBe(200);
      third.child.kill("SIGINT");
      expect(await third.exited).toBe(0);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
