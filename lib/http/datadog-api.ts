import type { Config } from "../config";
import { type ApiRequest, json, type Reply, type Route } from "./router";

/**
 * What else a Datadog tracer asks of the agent it sends to (localhost:8126 by default), beside the
 * trace endpoints `PUT /v0.3|v0.4|v0.5/traces`, which are ingest routes (lib/http/ingest.ts). Each
 * gets the answer that keeps the tracer quiet, never an error it would log or retry:
 * - `GET /info`: the agent's self-description, which Go, Java and Python tracers read to pick their
 *   protocol and features. It lists only the trace endpoints, so tracers neither compute stats nor
 *   poll remote configuration; `client_drop_p0s: false` keeps them from dropping the traces their
 *   sampler rejected (an agent that says true gets stats for those instead, which Tracelight would
 *   not read); `span_events: true` since native span events are read.
 * - telemetry, stats and DogStatsD over HTTP: answered 202, as Datadog's intake answers them
 *   through the agent, and dropped: Tracelight keeps traces only.
 * - `POST /v0.7/config` (remote configuration): 404, the agent's answer when remote configuration
 *   is off, which dd-trace reads as "disabled" and stops logging about.
 * - anything else under the agent's paths (`/evp_proxy/…`, `/debugger/…`, `/profiling/…`): the
 *   router's JSON 404, as from an agent without those features; none of them is advertised.
 */
const DROPPED: Reply = { status: 202 };

export function datadogRoutes(config: Pick<Config, "TRACELIGHT_MAX_BODY_BYTES">): Route[] {
  const info = json({
    version: "tracelight",
    endpoints: ["/v0.3/traces", "/v0.4/traces", "/v0.5/traces"],
    client_drop_p0s: false,
    span_meta_structs: false,
    long_running_spans: false,
    span_events: true,
    config: { max_request_bytes: config.TRACELIGHT_MAX_BODY_BYTES },
  });
  return [
    { method: "GET", path: "/info", handle: async () => info },
    { method: "POST", path: "/telemetry/proxy/api/v2/apmtelemetry", handle: drop },
    { method: "PUT", path: "/v0.6/stats", handle: drop },
    { method: "POST", path: "/dogstatsd/v2/proxy", handle: drop },
    {
      method: "POST",
      path: "/v0.7/config",
      handle: async () => json({ error: "remote configuration is not available here" }, 404),
    },
  ];
}

/** Accepts a body without keeping it: read to the end, so the connection stays usable. */
async function drop({ message }: ApiRequest): Promise<Reply> {
  message.resume();
  return DROPPED;
}
