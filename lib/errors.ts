/**
 * The one error type for requests Tracelight refuses. Anything that throws it is the client's fault
 * and becomes a 4xx with this message; anything else is ours and becomes a logged 500.
 */
export class RequestError extends Error {
  constructor(
    readonly status: 400 | 404 | 413 | 415,
    message: string,
  ) {
    super(message);
    this.name = "RequestError";
  }
}

export const badRequest = (message: string) => new RequestError(400, message);
