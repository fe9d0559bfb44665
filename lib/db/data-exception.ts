/**
 * PostgreSQL's message when `error` is a data exception, SQLSTATE class 22: a value its type cannot
 * hold (a NUL in text, a bigint out of range, "1e+23" for a bigint). Such an error is raised by the
 * value, not by the database's state, so a read that meets one was given a bad value. Reads come
 * through `pg` (error.code) or through Prisma's driver adapter, which keeps PostgreSQL's code in
 * `meta.driverAdapterError.cause`. Undefined for any other error.
 */
export function dataExceptionMessage(error: unknown): string | undefined {
  const cause = (error as { meta?: { driverAdapterError?: { cause?: unknown } } } | undefined)?.meta
    ?.driverAdapterError?.cause;
  for (const candidate of [error, cause]) {
    const { code, originalCode, message } = (candidate ?? {}) as {
      code?: unknown;
      originalCode?: unknown;
      message?: unknown;
    };
    const sqlState = typeof originalCode === "string" ? originalCode : code;
    if (typeof sqlState === "string" && /^22[0-9A-Z]{3}$/.test(sqlState)) {
      return typeof message === "string" ? message : sqlState;
    }
  }
  return undefined;
}
