import path from "node:path";
import { startEmbeddedPostgres } from "../../lib/db/embedded";
import { readPostmasterPid } from "../../lib/db/embedded-postmaster";

/**
 * A process that starts the embedded PostgreSQL in the data directory it is given, prints the
 * server's pid, and dies of an uncaught error without stopping the server: embedded-restart.test.ts
 * checks that the server goes anyway.
 */
const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: crash-with-embedded-postgres.ts <data dir>");
await startEmbeddedPostgres(dataDir);
process.stdout.write(`${readPostmasterPid(path.join(dataDir, "postgres"))}\n`);
throw new Error("crashed on purpose, with the embedded PostgreSQL running");
