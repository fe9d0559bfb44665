import { chmod, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { embeddedPostgresBinary, startEmbeddedPostgres } from "../lib/db/embedded";
import { type Postmaster, spawnPostmaster } from "../lib/db/embedded-postmaster";

/**
 * A PostgreSQL of the test's own that it can stop and start again on the same port and data, as an
 * operator's restart or a failover does, with no supervisor bringing it back early: the embedded
 * binaries, a fresh data directory (made by lib/db/embedded.ts), the server run by spawnPostmaster.
 */
export interface RestartablePostgres {
  url: string;
  /** A fast shutdown (SIGINT): open transactions roll back, connections close. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it for good and deletes its data. */
  remove(): Promise<void>;
}

export async function startRestartablePostgres(): Promise<RestartablePostgres> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "tracelight-restartable-"));
  await chmod(dataDir, 0o755); // mkdtemp makes it private; PostgreSQL's own user must enter it
  // The embedded start makes the data directory, its user and the database, then hands it over.
  const embedded = await startEmbeddedPostgres(dataDir);
  await embedded.stop();
  const databaseDir = path.join(dataDir, "postgres");
  const owner = await stat(databaseDir);
  const binary = await embeddedPostgresBinary();
  const port = Number(new URL(embedded.url).port);
  let server: Postmaster | undefined;
  const start = async () => {
    server = spawnPostmaster({ binary, databaseDir, port, user: { uid: owner.uid, gid: owner.gid } });
    await server.ready;
  };
  const stop = async () => {
    await server?.stop();
    server = undefined;
  };
  await start();
  return {
    url: embedded.url,
    stop,
    start,
    remove: async () => {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
