/**
 * The one error type for requests Tracelight refuses. Anything that throws it becomes its status with
 * this message: a 4xx for the client's fault, a 429 when Tracelight is too busy to take the request
 * now, or a 503 for a request the server gave up on by design (a search past its time limit) or the
 * database could not serve; 429 and 503 carry a Retry-After. Anything else is ours and becomes a
 * logged 500.
 */
export class RequestError extends Error {
  constructor(
    readonly status: 400 | 404 | 413 | 415 | 429 | 503,
    message: string,
  ) {
    super(message);
    this.name = "RequestError";
  }
}

export const badRequest = (message: string) => new RequestError(400, message);

/** The JSON type of a value, for messages ("expected a string, got array"). */
export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/** An offending value for a message, cut short: the body is untrusted and may be huge. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return describeType(value);
}
