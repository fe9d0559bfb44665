import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { text } from "node:stream/consumers";
import pg from "pg";

/**
 * Another local user trying the embedded PostgreSQL, as issue 16's probe did: run as that user by
 * embedded-lockdown.test.ts, given the server's port and data directory (and, to test the
 * application role's limits, its password) as JSON on stdin; prints what each attempt got as JSON.
 * An attempt that worked says what it got (`id`'s output for the program the server ran).
 */
interface Target {
  port: number;
  databaseDir: string;
  credentialsFile: string;
  applicationPassword?: string;
}

type Outcome = { worked: string } | { refused: string };

const target = JSON.parse(await text(process.stdin)) as Target;
const socketDir = "/tmp";

async function attempt(run: () => Promise<string>): Promise<Outcome> {
  try {
    return { worked: await run() };
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    return { refused: code ? `${code}: ${message}` : message };
  }
}

/** Logs in and runs `statements` one by one: the last one's first column is the answer. */
async function asLogin(login: pg.ClientConfig, statements: string[]): Promise<string> {
  const client = new pg.Client({ ...login, port: target.port });
  client.on("error", () => {});
  await client.connect();
  try {
    let answer = "";
    for (const statement of statements) {
      const { rows } = await client.query<Record<string, unknown>>(statement);
      answer = rows.map((row) => String(Object.values(row)[0])).join("\n");
    }
    return answer;
  } finally {
    await client.end();
  }
}

/** The probe's attack: the server's OS user runs `id` for us. */
const RUN_A_PROGRAM = [
  "CREATE TEMP TABLE said (line text)",
  "COPY said FROM PROGRAM 'id'",
  "SELECT line FROM said",
];

const application = target.applicationPassword;
/** Tracelight's role, in the database it owns: the most it can do anywhere. */
const asApplication = (statements: string[]) =>
  attempt(() =>
    asLogin(
      { host: "127.0.0.1", user: "tracelight", password: application, database: "tracelight" },
      statements,
    ),
  );
/** The login every data directory had before the lockdown. */
const asOldSuperuser = (host: string) =>
  attempt(() =>
    asLogin({ host, user: "postgres", password: "tracelight", database: "postgres" }, RUN_A_PROGRAM),
  );

const report = {
  socketInTmp: existsSync(`${socketDir}/.s.PGSQL.${target.port}`),
  overSocket: await asOldSuperuser(socketDir),
  overTcp: await asOldSuperuser("127.0.0.1"),
  credentialsFile: await attempt(() => readFile(target.credentialsFile, "utf8")),
  dataDirectory: await attempt(async () => (await readdir(target.databaseDir)).join(" ")),
  ...(application && {
    application: {
      whoAmI: await asApplication(["SELECT current_user"]),
      runProgram: await asApplication(RUN_A_PROGRAM),
      readFile: await asApplication(["SELECT pg_read_file('PG_VERSION')"]),
      writeFile: await asApplication(["COPY (SELECT 1) TO '/tmp/tracelight-intruder'"]),
      createRole: await asApplication(["CREATE ROLE intruder SUPERUSER LOGIN"]),
      alterSystem: await asApplication(["ALTER SYSTEM SET listen_addresses = '*'"]),
      fileExtension: await asApplication(["CREATE EXTENSION file_fdw"]),
    },
  }),
};
process.stdout.write(`${JSON.stringify(report)}\n`);
