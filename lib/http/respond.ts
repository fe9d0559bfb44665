import { RequestError } from "../errors";

/**
 * Wraps a route handler: a RequestError becomes its 4xx with `{ "error": message }`, anything else a
 * logged 500 that says no more than it must. The one error shape of every Tracelight endpoint.
 */
export function handleErrors<Args extends unknown[]>(
  handler: (...args: Args) => Promise<Response>,
): (...args: Args) => Promise<Response> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (error) {
      if (error instanceof RequestError) return errorResponse(error.status, error.message);
      console.error(error);
      return errorResponse(500, "internal error; see the server log");
    }
  };
}

function errorResponse(status: number, message: string): Response {
  return Response.json({ error: message }, { status });
}
