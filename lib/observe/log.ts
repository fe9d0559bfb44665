import pino from "pino";

/**
 * The process's one logger: JSON lines on stdout, one per event, at TRACELIGHT_LOG_LEVEL (default
 * info). Messages say what happened; values go in fields. Nothing secret goes in: database URLs are
 * logged redacted (`redactUrl`), request bodies never.
 */
const globalForLog = globalThis as typeof globalThis & { tracelightLog?: pino.Logger };

globalForLog.tracelightLog ??= pino({
  level: process.env.TRACELIGHT_LOG_LEVEL || "info",
  base: undefined,
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
});

export const log: pino.Logger = globalForLog.tracelightLog;

/** A database URL without its password, for logs and startup messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}

/**
 * A reporter that logs its first event at once and then at most one per `intervalMs`, counting the
 * ones it held back: a misconfigured sender repeats its mistake on every flush.
 */
export function throttledWarning(message: string, intervalMs = 60_000): (fields: object) => void {
  let lastAt = Number.NEGATIVE_INFINITY;
  let heldBack = 0;
  return (fields) => {
    const now = Date.now();
    if (now - lastAt < intervalMs) {
      heldBack++;
      return;
    }
    log.warn({ ...fields, ...(heldBack > 0 ? { heldBack } : {}) }, message);
    lastAt = now;
    heldBack = 0;
  };
}
