import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * The embedded PostgreSQL's logins, random per data directory and kept in a file only Tracelight's
 * own OS user can read, inside the server's data directory (itself 0700), so they live and die with
 * the data. The superuser's serves start-up's own setup steps; Tracelight connects as the
 * application role, which owns its database and nothing beyond it.
 */
export interface Login {
  user: string;
  password: string;
}

export interface EmbeddedCredentials {
  superuser: Login;
  application: Login;
}

export const CREDENTIALS_FILE = "tracelight-credentials.json";
export const SUPERUSER = "postgres";
export const APPLICATION_ROLE = "tracelight";

/** 256 random bits each, base64url: nothing to escape in a connection URL or a SQL literal. */
export function newCredentials(): EmbeddedCredentials {
  const password = () => randomBytes(32).toString("base64url");
  return {
    superuser: { user: SUPERUSER, password: password() },
    application: { user: APPLICATION_ROLE, password: password() },
  };
}

export function credentialsPath(databaseDir: string): string {
  return path.join(databaseDir, CREDENTIALS_FILE);
}

/** The data directory's credentials, or undefined when it has none (new, or made before they were). */
export async function readCredentials(databaseDir: string): Promise<EmbeddedCredentials | undefined> {
  const file = credentialsPath(databaseDir);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<EmbeddedCredentials>;
  if (!isLogin(parsed.superuser) || !isLogin(parsed.application)) {
    throw new Error(`${file} does not hold the embedded PostgreSQL's logins (superuser, application)`);
  }
  return { superuser: parsed.superuser, application: parsed.application };
}

function isLogin(value: unknown): value is Login {
  const login = value as Partial<Login> | undefined;
  return typeof login?.user === "string" && typeof login.password === "string" && login.password !== "";
}

/** Written whole or not at all (a crash leaves the old file or none), readable by its owner only. */
export async function writeCredentials(databaseDir: string, credentials: EmbeddedCredentials): Promise<void> {
  const file = credentialsPath(databaseDir);
  const partial = `${file}.partial`;
  await writeFile(partial, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  await rename(partial, file);
}

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for `password` (RFC 5802, RFC 7677), in its
 * `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>` form. Given to ALTER ROLE … PASSWORD
 * instead of the password itself, so that the password never reaches the server, nor any statement
 * it logs. The passwords here are ASCII, which SASLprep leaves as they are.
 */
export function scramVerifier(password: string, salt = randomBytes(16), iterations = 4096): string {
  const salted = pbkdf2Sync(password, salt, iterations, 32, "sha256");
  const clientKey = createHmac("sha256", salted).update("Client Key").digest();
  const storedKey = createHash("sha256").update(clientKey).digest();
  const serverKey = createHmac("sha256", salted).update("Server Key").digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}
