import { randomBytes } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { appendFile, chmod, chown, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import pg from "pg";
import { type OsUser, postgresOsUser, runAs } from "../lib/db/embedded-cluster";
import { scramVerifier } from "../lib/db/embedded-credentials";
import { type Postmaster, spawnPostmaster } from "../lib/db/embedded-postmaster";
import { freePort } from "../lib/net/free-port";

/**
 * A PostgreSQL primary and a streaming replica of it on this machine, for tests of Tracelight
 * across instances: two clusters in a temporary directory on free ports, the replica made by
 * `pg_basebackup -R -X stream` with a replication slot and replaying in hot standby. The embedded
 * binaries have no pg_basebackup, so the machine's PostgreSQL programs are used
 * (postgresReplicationBinaries). Logins are SCRAM over 127.0.0.1 only; as root, everything runs as
 * the `postgres` OS user, which owns the directory.
 *
 * Roles (each replicated, as everything on the primary is):
 * - `tracelight` owns the `tracelight` database: ingest and maintenance log in as it;
 * - `tracelight_reader` can only read (pg_read_all_data, read-only transactions by default): the
 *   query instance logs in as it on the replica;
 * - `replicator` streams the WAL.
 */
export interface ReplicaCluster {
  /** The primary, as the database's owner. */
  primaryUrl: string;
  /** The replica, as the role that can only read. */
  replicaReaderUrl: string;
  /** The primary, as the superuser (for the test's own checks). */
  primaryAdminUrl: string;
  /** The replica, as the superuser. */
  replicaAdminUrl: string;
  /** Resolves once the replica has replayed everything the primary had written when called. */
  waitForReplay(timeoutMs?: number): Promise<void>;
  /** Stops both servers and deletes their data; safe to call twice, or after a failed start. */
  remove(): Promise<void>;
}

const DATABASE = "tracelight";
const SLOT = "tracelight_replica";
/**
 * Settings for a throwaway pair: WAL for a standby, and no fsync (a crash of the machine loses a
 * test's data only). hot_standby is on by default; said anyway, since the test relies on it.
 */
const PRIMARY_SETTINGS = [
  "wal_level = replica",
  "max_wal_senders = 4",
  "max_replication_slots = 4",
  "hot_standby = on",
  "fsync = off",
  "full_page_writes = off",
  "max_connections = 200",
];

/**
 * The directory of PostgreSQL's programs with pg_basebackup: TRACELIGHT_PG_BIN, else the newest
 * /usr/lib/postgresql/<version>/bin (Debian's layout). Undefined when there is none.
 */
export function postgresReplicationBinaries(): string | undefined {
  const chosen = process.env.TRACELIGHT_PG_BIN;
  if (chosen) return existsSync(path.join(chosen, "pg_basebackup")) ? chosen : undefined;
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  return versions
    .map((version) => path.join(root, version, "bin"))
    .find((dir) => existsSync(path.join(dir, "pg_basebackup")));
}

export async function startReplicaCluster(binDir: string): Promise<ReplicaCluster> {
  const user = userInfo().uid === 0 ? await postgresOsUser() : undefined;
  const dir = await mkdtemp(path.join(tmpdir(), "tracelight-replica-"));
  const servers: Postmaster[] = [];
  const remove = async () => {
    // The replica first: a primary stopping waits for its WAL senders' standbys to catch up.
    for (const server of servers.reverse()) await server.stop();
    servers.length = 0;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    if (user) await chown(dir, user.uid, user.gid);
    await chmod(dir, 0o700);
    const passwords = { postgres: secret(), tracelight: secret(), reader: secret(), replicator: secret() };
    const primaryDir = path.join(dir, "primary");
    const replicaDir = path.join(dir, "replica");
    const [primaryPort, replicaPort] = [await freePort(), await freePort()];

    const passwordFile = path.join(dir, "superuser-password");
    await writeFile(passwordFile, `${passwords.postgres}\n`, { mode: 0o600 });
    if (user) await chown(passwordFile, user.uid, user.gid);
    await run(user, path.join(binDir, "initdb"), [
      `--pgdata=${primaryDir}`,
      "--username=postgres",
      `--pwfile=${passwordFile}`,
      "--auth=scram-sha-256",
      "--lc-messages=C",
      "--no-instructions",
    ]);
    await rm(passwordFile);
    await appendFile(path.join(primaryDir, "postgresql.conf"), `\n${PRIMARY_SETTINGS.join("\n")}\n`);
    await writeFile(
      path.join(primaryDir, "pg_hba.conf"),
      [
        "host  all          all         127.0.0.1/32  scram-sha-256",
        "host  replication  replicator  127.0.0.1/32  scram-sha-256",
        "",
      ].join("\n"),
    );
    const binary = path.join(binDir, "postgres");
    const primary = spawnPostmaster({ binary, databaseDir: primaryDir, port: primaryPort, user });
    servers.push(primary);
    await primary.ready;
    const admin = (port: number, database: string) =>
      `postgresql://postgres:${passwords.postgres}@127.0.0.1:${port}/${database}`;
    await createRoles(admin(primaryPort, "postgres"), admin(primaryPort, DATABASE), passwords);

    // The replica: a base backup of the running primary, streaming its WAL meanwhile, written with
    // the standby.signal and primary_conninfo (-R) that make it follow the primary through the slot.
    await run(
      user,
      path.join(binDir, "pg_basebackup"),
      [
        `--pgdata=${replicaDir}`,
        "--host=127.0.0.1",
        `--port=${primaryPort}`,
        "--username=replicator",
        "--write-recovery-conf",
        "--wal-method=stream",
        "--create-slot",
        `--slot=${SLOT}`,
        "--checkpoint=fast",
        "--no-sync",
      ],
      { PGPASSWORD: passwords.replicator },
    );
    const replica = spawnPostmaster({ binary, databaseDir: replicaDir, port: replicaPort, user });
    servers.push(replica);
    await replica.ready;

    return {
      primaryUrl: `postgresql://tracelight:${passwords.tracelight}@127.0.0.1:${primaryPort}/${DATABASE}`,
      replicaReaderUrl: `postgresql://tracelight_reader:${passwords.reader}@127.0.0.1:${replicaPort}/${DATABASE}`,
      primaryAdminUrl: admin(primaryPort, DATABASE),
      replicaAdminUrl: admin(replicaPort, DATABASE),
      waitForReplay: (timeoutMs = 30_000) =>
        waitForReplay(admin(primaryPort, DATABASE), admin(replicaPort, DATABASE), timeoutMs),
      remove,
    };
  } catch (error) {
    const said = servers.flatMap((server) => server.recentOutput()).join("\n");
    await remove();
    throw new Error(`${(error as Error).message}${said ? `\n${said}` : ""}`);
  }
}

async function createRoles(
  serverUrl: string,
  databaseUrl: string,
  passwords: { tracelight: string; reader: string; replicator: string },
): Promise<void> {
  await withClient(serverUrl, async (client) => {
    await client.query(
      `CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD '${scramVerifier(passwords.replicator)}'`,
    );
    await client.query(`CREATE ROLE tracelight WITH LOGIN PASSWORD '${scramVerifier(passwords.tracelight)}'`);
    // Reads every table, those made later included (partitions), and writes none: not even a
    // temporary table, since its transactions are read-only unless it says otherwise.
    await client.query(
      `CREATE ROLE tracelight_reader WITH LOGIN PASSWORD '${scramVerifier(passwords.reader)}' IN ROLE pg_read_all_data`,
    );
    await client.query("ALTER ROLE tracelight_reader SET default_transaction_read_only = on");
    await client.query(`CREATE DATABASE ${DATABASE} OWNER tracelight`);
  });
  await withClient(databaseUrl, async (client) => {
    await client.query("ALTER SCHEMA public OWNER TO tracelight");
    await client.query("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
  });
}

/**
 * Polls the replica until its replayed position reaches the primary's current one, read once at
 * the call: everything committed before it is then visible on the replica.
 */
async function waitForReplay(primaryUrl: string, replicaUrl: string, timeoutMs: number): Promise<void> {
  const [target] = await withClient(primaryUrl, async (client) => {
    const { rows } = await client.query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn");
    return rows.map((row) => row.lsn);
  });
  await withClient(replicaUrl, async (client) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await client.query<{ replayed: string | null; caught: boolean | null }>(
        "SELECT pg_last_wal_replay_lsn()::text AS replayed, pg_last_wal_replay_lsn() >= $1::pg_lsn AS caught",
        [target],
      );
      if (rows[0]?.caught) return;
      if (Date.now() > deadline) {
        throw new Error(`replica replayed ${rows[0]?.replayed} of ${target} after ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Letters and digits: safe in a URL and a SQL string without escaping. */
function secret(): string {
  return randomBytes(18).toString("hex");
}

/** One of PostgreSQL's programs run to its end, with no ~/.pgpass of root's to read. */
function run(user: OsUser | undefined, binary: string, args: string[], env: Record<string, string> = {}) {
  return runAs(user, binary, args, { env: { PGPASSFILE: "/dev/null", ...env } });
}
