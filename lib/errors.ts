/**
 * The one error type for requests Tracelight refuses. Anything that throws it becomes its status with
 * this message: a 4xx for the client's fault, or a 503 for a request the server gave up on by design
 * (a search past its time limit); anything else is ours and becomes a logged 500.
 */
export class RequestError extends Error {
  constructor(
    readonly status: 400 | 404 | 413 | 415 | 503,
    message: string,
  ) {
    super(message);
    this.name = "RequestError";
  }
}

export const badRequest = (message: string) => new RequestError(400, message);
