import { metrics } from "../observe/metrics";

/**
 * What a database error means to the one who asked, from PostgreSQL's SQLSTATE classes and the
 * driver's connection errors:
 * - `invalid`: the values sent cannot be stored or searched (a NUL in text, a number out of range,
 *   "1e+23" for a bigint, an index entry too large): the client's fault, a 400;
 * - `unavailable`: the database cannot serve now (unreachable, restarting, out of connections or
 *   disk, a statement cancelled by its timeout, a deadlock after retries): a retry later may work, a
 *   503 with Retry-After;
 * - `bug`: anything else, Tracelight's own mistake (a syntax error, a missing table), a 500.
 * Errors come from `pg` (`code`) or through Prisma's driver adapter, which keeps PostgreSQL's code in
 * `meta.driverAdapterError.cause.originalCode`. Every classification is counted in
 * tracelight_db_errors_total.
 */
export type DbFailure = "invalid" | "unavailable" | "bug";

const INVALID_CLASSES = ["22", "54"]; // data exception, program limit exceeded
const INVALID_CODES = new Set(["23502"]); // not-null violation: a value the decoder let through empty
// connection exception, transaction rollback, insufficient resources, operator intervention (shutdown,
// cancel), system error, internal error
const UNAVAILABLE_CLASSES = ["08", "40", "53", "57", "58", "XX"];
const UNAVAILABLE_CODES = new Set(["55P03"]); // lock not available
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENOENT", // a Unix socket that is not there (yet)
]);
// pg and pg-pool report these without a code.
const DRIVER_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|connection timeout|Client has encountered a connection error|Connection ended unexpectedly|not queryable/i;
const SQLSTATE = /^[0-9A-Z]{5}$/;

export function classifyDbError(error: unknown): DbFailure {
  const failure = failureOf(error);
  metrics.dbErrors.inc({ kind: failure });
  return failure;
}

/** Whether the database cancelled the statement at its statement_timeout (a read past its time). */
export function isStatementTimeout(error: unknown): boolean {
  return sqlStateOf(error) === "57014";
}

/** PostgreSQL's own message for an error, wherever the driver put it; the error's otherwise. */
export function databaseMessage(error: unknown): string {
  const cause = adapterCause(error) as { originalMessage?: unknown; message?: unknown } | undefined;
  for (const message of [cause?.originalMessage, cause?.message])
    if (typeof message === "string") return message;
  return error instanceof Error ? error.message : String(error);
}

function failureOf(error: unknown): DbFailure {
  const code = sqlStateOf(error);
  if (code !== undefined) {
    if (INVALID_CODES.has(code) || INVALID_CLASSES.includes(code.slice(0, 2))) return "invalid";
    if (UNAVAILABLE_CODES.has(code) || UNAVAILABLE_CLASSES.includes(code.slice(0, 2))) return "unavailable";
    return "bug";
  }
  const networkCode = String((error as { code?: unknown } | undefined)?.code ?? "");
  if (NETWORK_CODES.has(networkCode)) return "unavailable";
  if (error instanceof Error && DRIVER_MESSAGES.test(error.message)) return "unavailable";
  return "bug";
}

/** The SQLSTATE of a PostgreSQL error from pg or Prisma's adapter; undefined for anything else. */
function sqlStateOf(error: unknown): string | undefined {
  const cause = adapterCause(error) as { originalCode?: unknown; code?: unknown } | undefined;
  const candidates = [cause?.originalCode, cause?.code, (error as { code?: unknown } | undefined)?.code];
  // Node's network codes (EPIPE) have five letters too; no SQLSTATE class starts with E.
  return candidates.find(
    (code): code is string => typeof code === "string" && SQLSTATE.test(code) && !code.startsWith("E"),
  );
}

function adapterCause(error: unknown): unknown {
  return (error as { meta?: { driverAdapterError?: { cause?: unknown } } } | undefined)?.meta
    ?.driverAdapterError?.cause;
}
