import { RequestError } from "../errors";

/** The body of a refusal: Tracelight's `{ "error": message }` unless a peer's API defines its own. */
type ErrorBody = (status: number, message: string) => unknown;

const tracelightError: ErrorBody = (_status, message) => ({ error: message });

/**
 * Wraps a route handler: a RequestError becomes its status with `errorBody`, anything else a logged
 * 500 that says no more than it must. `{ "error": message }` is the one error shape of every
 * Tracelight endpoint; the Jaeger API answers in Jaeger's envelope (lib/encode/jaeger-json.ts).
 */
export function handleErrors<Args extends unknown[]>(
  handler: (...args: Args) => Promise<Response>,
  errorBody: ErrorBody = tracelightError,
): (...args: Args) => Promise<Response> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (error) {
      if (error instanceof RequestError)
        return Response.json(errorBody(error.status, error.message), { status: error.status });
      console.error(error);
      return Response.json(errorBody(500, "internal error; see the server log"), { status: 500 });
    }
  };
}
