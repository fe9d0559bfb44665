import { execFile, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { chmod, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { credentialsPath, readCredentials } from "../../lib/db/embedded-credentials";
import { endServerProcesses, readPostmasterPid } from "../../lib/db/embedded-postmaster";
import { freePort } from "../../lib/net/free-port";
import { buildIfStale } from "../../scripts/build-if-stale";
import { checkoutTraceId, postCheckoutSpan, readCheckoutTrace } from "../checkout-span";
import { startTestServer, type TestServer } from "../test-server";
import { startEmbeddedTracelight, type TracelightProcess, untilHealth } from "../tracelight-process";
import { type LegacyServer, makeLegacyDataDir, startLegacyServer } from "./embedded-legacy-data-dir";

/**
 * Issue 16's probe against the embedded PostgreSQL: another local user finds the server's socket in
 * /tmp, logs in as `postgres` with the fixed password and has the server run a program
 * (COPY … FROM PROGRAM 'id'). Run by embedded-intruder.ts as a user of its own (root makes one; as
 * any other user the probe runs as that user, and what only another user is kept from, reading
 * files that user owns, is not asserted). Each test runs Tracelight on its embedded database with
 * DATABASE_URL unset, as a newcomer does.
 */
const isRoot = userInfo().uid === 0;
const PROBE_USER = "tracelight-probe";
const INTRUDER = path.join(import.meta.dirname, "embedded-intruder.ts");
const ROOT = path.resolve(import.meta.dirname, "../..");
const run = promisify(execFile);

type Outcome = { worked: string } | { refused: string };
interface Report {
  socketInTmp: boolean;
  overSocket: Outcome;
  overTcp: Outcome;
  credentialsFile: Outcome;
  dataDirectory: Outcome;
  application?: Record<string, Outcome>;
}

let dataDir = "";
let databaseDir = "";
const running: TracelightProcess[] = [];
let legacy: LegacyServer | undefined;
let legacyTracelight: TestServer | undefined;

beforeAll(async () => {
  buildIfStale(); // here: a first build outlasts any health wait
  if (isRoot)
    await run("id", [PROBE_USER]).catch(() => run("useradd", ["--system", "--no-create-home", PROBE_USER]));
}, 600_000);

afterEach(async () => {
  await legacyTracelight?.stop();
  await legacy?.stop().catch(() => undefined);
  [legacyTracelight, legacy] = [undefined, undefined];
  for (const server of running.splice(0)) {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGKILL");
    await server.exited;
  }
  if (!dataDir) return;
  await endServerProcesses(databaseDir, 5_000);
  await rm(dataDir, { recursive: true, force: true });
  dataDir = "";
});

async function newDataDir(): Promise<void> {
  dataDir = await mkdtemp(path.join(tmpdir(), "tracelight-lockdown-"));
  await chmod(dataDir, 0o755); // mkdtemp makes it private; PostgreSQL's own user must enter it
  databaseDir = path.join(dataDir, "postgres");
}

async function startTracelight(): Promise<TracelightProcess> {
  const server = await startEmbeddedTracelight(dataDir);
  running.push(server);
  await untilHealth(server, 200, 60_000);
  return server;
}

/** The port the embedded server listens on: the fourth line of its lock file. */
function serverPort(): number {
  return Number(readFileSync(path.join(databaseDir, "postmaster.pid"), "utf8").split("\n")[3]);
}

async function intrude(port: number, applicationPassword?: string): Promise<Report> {
  const node = [process.execPath, "--import", "tsx", INTRUDER];
  const [command, ...args] = isRoot ? ["runuser", "-u", PROBE_USER, "--", ...node] : node;
  const child = spawn(command as string, args, { cwd: ROOT, stdio: ["pipe", "pipe", "inherit"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  const target = { port, databaseDir, credentialsFile: credentialsPath(databaseDir), applicationPassword };
  child.stdin.end(JSON.stringify(target));
  const code = await new Promise((resolve) => child.once("exit", resolve));
  expect(code).toBe(0);
  return JSON.parse(output) as Report;
}

/**
 * The probe's way in, shut at every step: no socket in /tmp, the old login refused over TCP, and
 * (for another user) neither the passwords nor the data directory readable.
 */
function expectLockedOut(report: Report): void {
  expect(report.socketInTmp).toBe(false);
  expect(report.overSocket).toEqual({ refused: expect.stringMatching(/^ENOENT/) });
  expect(report.overTcp).toEqual({
    refused: '28P01: password authentication failed for user "postgres"',
  });
  if (isRoot) {
    expect(report.credentialsFile).toEqual({ refused: expect.stringMatching(/^EACCES/) });
    expect(report.dataDirectory).toEqual({ refused: expect.stringMatching(/^EACCES/) });
  }
}

async function asSuperuser<T>(port: number, query: string): Promise<T[]> {
  const credentials = await readCredentials(databaseDir);
  const client = new pg.Client({
    host: "127.0.0.1",
    port,
    ...credentials?.superuser,
    database: "tracelight",
  });
  await client.connect();
  try {
    return (await client.query(query)).rows as T[];
  } finally {
    await client.end();
  }
}

describe("the embedded PostgreSQL, locked down", () => {
  it("refuses the probe's attack and keeps Tracelight's role from programs and files, also after a kill -9", async () => {
    await newDataDir();
    const server = await startTracelight();
    const id = checkoutTraceId();
    expect(await postCheckoutSpan(server.baseUrl, id)).toBe(202);
    expect(await readCheckoutTrace(server.baseUrl, id)).toMatchObject([{ traceId: id, name: "checkout" }]);
    const credentials = await readCredentials(databaseDir);
    const applicationPassword = credentials?.application.password;
    const file = await stat(credentialsPath(databaseDir));
    expect([file.mode & 0o777, file.uid]).toEqual([0o600, userInfo().uid]);
    expect((await stat(databaseDir)).mode & 0o777).toBe(0o700);

    for (const restarted of [false, true]) {
      if (restarted) {
        process.kill(readPostmasterPid(databaseDir) ?? 0, "SIGKILL");
        await untilHealth(server, 503, 5_000);
        await untilHealth(server, 200, 30_000);
        expect(await readCheckoutTrace(server.baseUrl, id)).toMatchObject([{ traceId: id }]);
      }
      const port = serverPort();
      const report = await intrude(port, applicationPassword);
      expectLockedOut(report);
      // The password works (Tracelight's own login), and the role it opens can do none of this.
      expect(report.application?.whoAmI).toEqual({ worked: "tracelight" });
      const { whoAmI: _, ...attempts } = report.application ?? {};
      expect(Object.keys(attempts)).toHaveLength(6);
      for (const [name, outcome] of Object.entries(attempts)) {
        expect({ name, outcome }).toEqual({ name, outcome: { refused: expect.stringMatching(/^42501: /) } });
      }
      const [settings] = await asSuperuser(
        port,
        `SELECT current_setting('listen_addresses') AS listen, current_setting('unix_socket_directories') AS sockets,
           (SELECT array_agg(DISTINCT auth_method) FROM pg_hba_file_rules) AS methods`,
      );
      expect(settings).toEqual({ listen: "127.0.0.1", sockets: "", methods: ["scram-sha-256"] });
    }
    const [role] = await asSuperuser(
      serverPort(),
      `SELECT rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls,
         (SELECT count(*)::int FROM pg_auth_members WHERE member = r.oid) AS memberships
       FROM pg_roles r WHERE rolname = 'tracelight'`,
    );
    expect(role).toEqual({
      rolsuper: false,
      rolcreaterole: false,
      rolcreatedb: false,
      rolreplication: false,
      rolbypassrls: false,
      memberships: 0,
    });
  });

  it("secures a data directory made before the lockdown on its first start, once, keeping its spans", async () => {
    await newDataDir();
    await makeLegacyDataDir(dataDir);
    legacy = await startLegacyServer(dataDir);
    // The probe's attack works there, as it did on the old code (so this test can tell it apart).
    const before = await intrude(legacy.port);
    expect(before.socketInTmp).toBe(true);
    expect(before.overSocket).toEqual({ worked: expect.stringMatching(/^uid=/) });
    legacyTracelight = await startTestServer(await freePort(), { peerPorts: false, databaseUrl: legacy.url });
    const kept = checkoutTraceId();
    expect(await postCheckoutSpan(legacyTracelight.baseUrl, kept)).toBe(202);
    // Its tables, daily partitions included (made by the maintenance run), are the superuser's.
    const client = new pg.Client({ connectionString: legacy.url });
    await client.connect();
    const { rowCount } = await client.query(
      "SELECT relname FROM pg_class WHERE relname ~ '^spans_d[0-9]{8}$' AND relowner = 'postgres'::regrole",
    );
    await client.end();
    expect(rowCount).toBeGreaterThan(0);
    await legacyTracelight.stop();
    legacyTracelight = undefined;
    await legacy.stop();
    legacy = undefined;

    const first = await startTracelight();
    expect(await readCheckoutTrace(first.baseUrl, kept)).toMatchObject([{ traceId: kept, name: "checkout" }]);
    const added = checkoutTraceId();
    expect(await postCheckoutSpan(first.baseUrl, added)).toBe(202);
    expect(first.output()).toContain(
      "secured an embedded PostgreSQL data directory made by an earlier Tracelight",
    );
    expectLockedOut(await intrude(serverPort()));
    const owners = await asSuperuser<{ owner: string; relations: number }>(
      serverPort(),
      `SELECT relowner::regrole::text AS owner, count(*)::int AS relations FROM pg_class
       WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p') GROUP BY 1`,
    );
    expect(owners).toEqual([{ owner: "tracelight", relations: expect.any(Number) }]);
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);

    const second = await startTracelight();
    expect(await readCheckoutTrace(second.baseUrl, kept)).toMatchObject([{ traceId: kept }]);
    expect(await readCheckoutTrace(second.baseUrl, added)).toMatchObject([{ traceId: added }]);
    expect(second.output()).not.toContain("secured an embedded PostgreSQL data directory");
  });
});
