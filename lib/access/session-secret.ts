import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { log } from "../observe/log";

/**
 * The secret sessions are sealed with (sealed.ts): TRACELIGHT_SESSION_SECRET when set (instances
 * behind one load balancer share it), else one made at the first start and kept in the data
 * directory, readable by its owner only, so that sessions survive a restart.
 */
export const SESSION_SECRET_FILE = "session-secret";

export function loadSessionSecret(given: string | undefined, dataDir: string): Uint8Array {
  if (given !== undefined) return new TextEncoder().encode(given);
  const file = path.join(dataDir, SESSION_SECRET_FILE);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    // "wx": never overwrite one made by another instance starting at the same moment.
    writeFileSync(file, randomBytes(32).toString("base64url"), { flag: "wx", mode: 0o600 });
    log.info({ file }, "made a session secret");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  if ((statSync(file).mode & 0o077) !== 0) {
    log.warn({ file }, "the session secret is readable by others than its owner: chmod 600 it");
  }
  const secret = readFileSync(file, "utf8").trim();
  if (secret.length < 32) throw new Error(`${file} holds no session secret: delete it to make a new one`);
  return new TextEncoder().encode(secret);
}
