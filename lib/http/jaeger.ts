import { jaegerEnvelope } from "../encode/jaeger-json";
import { handleErrors } from "./respond";

/**
 * Jaeger's HTTP JSON API answers everything in its `{data, total, limit, offset, errors}` envelope,
 * refusals too (`errors: [{code, msg}]`), as its `http_handler.go` does: Jaeger UI and Grafana read
 * the message from there.
 */
export const handleJaegerErrors = <Args extends unknown[]>(handler: (...args: Args) => Promise<Response>) =>
  handleErrors(handler, (code, msg) => jaegerEnvelope(null, { errors: [{ code, msg }] }));

export function jaegerResponse<T>(data: T, total = 0): Response {
  return Response.json(jaegerEnvelope(data, { total }));
}
