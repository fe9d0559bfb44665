import { type ChildProcess, spawn } from "node:child_process";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../lib/db/embedded";
import { buildIfStale } from "../scripts/build-if-stale";
import { startCommand } from "./start-command";

/**
 * A real Tracelight for integration and end-to-end tests: the production build, started the way
 * `npm start` starts it, on a database of its own — a fresh database on DATABASE_URL's server when
 * that is set (CI: the machine's PostgreSQL), else a throwaway embedded PostgreSQL.
 */
export interface TestServer {
  baseUrl: string;
  databaseUrl: string;
  /** The server's process, for tests that signal or kill it. */
  child: ChildProcess;
  stop(): Promise<void>;
}

export interface TestServerOptions {
  /** Settings beside the test defaults (lib/config.ts), e.g. tighter limits for a fault test. */
  env?: Record<string, string>;
  /**
   * Whether to listen on the peers' well-known ports (9411, 4317, 6831, …) as `npm start` does. Only
   * the integration suite's one server does; any other server beside it turns them off.
   */
  peerPorts?: boolean;
  /** A database of the caller's instead of a fresh one (the caller drops it). */
  databaseUrl?: string;
}

export const PEER_PORT_VARIABLES = [
  "TRACELIGHT_ZIPKIN_PORT",
  "TRACELIGHT_JAEGER_HTTP_PORT",
  "TRACELIGHT_OTLP_HTTP_PORT",
  "TRACELIGHT_OTLP_GRPC_PORT",
  "TRACELIGHT_DATADOG_PORT",
  "TRACELIGHT_SAMPLING_PORT",
  "TRACELIGHT_JAEGER_COMPACT_PORT",
  "TRACELIGHT_JAEGER_BINARY_PORT",
];

export async function startTestServer(port: number, options: TestServerOptions = {}): Promise<TestServer> {
  buildIfStale(); // here, not in the child: a first build outlasts the health wait below
  const database = options.databaseUrl
    ? { url: options.databaseUrl, drop: async () => {} }
    : await freshDatabase();
  const peerPortsOff =
    options.peerPorts === false ? Object.fromEntries(PEER_PORT_VARIABLES.map((name) => [name, "off"])) : {};
  const child = spawn(startCommand.command, startCommand.args, {
    cwd: startCommand.cwd,
    env: {
      // Dependency links a second after a trace's last span, not five: tests wait for them.
      TRACELIGHT_LINK_DELAY: "1s",
      ...process.env,
      ...peerPortsOff,
      ...options.env,
      PORT: String(port),
      TRACELIGHT_HOST: "127.0.0.1",
      DATABASE_URL: database.url,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopChild(child);
    await database.drop();
  };
  try {
    await waitForHealth(baseUrl, child);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, databaseUrl: database.url, child, stop };
}

async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dataDir = await mkdtemp(path.join(tmpdir(), "tracelight-test-"));
    await chmod(dataDir, 0o755); // mkdtemp makes it private; PostgreSQL's own user must enter it
    const embedded = await startEmbeddedPostgres(dataDir);
    return {
      url: embedded.url,
      drop: async () => {
        await embedded.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  }
  const name = `tracelight_test_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

async function waitForHealth(baseUrl: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`test server exited with code ${child.exitCode}`);
    const healthy = await fetch(`${baseUrl}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("test server did not become healthy within 60 s");
}

function stopChild(child: ChildProcess): Promise<void> {
  // Killed by a signal, it has a signalCode and no exitCode: gone all the same.
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
