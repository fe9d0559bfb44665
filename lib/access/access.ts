import type { IncomingMessage } from "node:http";

/**
 * Who may do what (lib/access): every API route declares what it needs, and one authorizer decides
 * per request, before the route runs.
 *
 * - `ingest`: tracers' writes. Open unless TRACELIGHT_INGEST_TOKENS is set (ingest-tokens.ts); an
 *   ingest token never grants a read.
 * - `read`: the query APIs, pages and /metrics. Open unless read tokens or sign-in are configured
 *   (readers.ts); a read credential never grants ingest.
 * - `upload`: a trace file sent through the upload page or its API: an ingest token, or a signed-in
 *   reader (upload-access.ts); open while ingest is.
 * - `public`: what must answer whoever asks: health for load balancers, the tracers' probes (the
 *   Datadog agent's /info, Jaeger's sampling strategies).
 *
 * Before any of it, the browser guard (browser.ts) refuses foreign Hosts (DNS rebinding) and foreign
 * Origins (a page on another site), whatever the route.
 */
export type Access = "ingest" | "upload" | "read" | "public";

/** Who a request turned out to be, when it had to say: recorded and counted by name, never by secret. */
export interface Principal {
  kind: "ingest-token" | "read-token" | "session" | "proxy";
  name: string;
}

export type AccessDecision =
  | { ok: true; principal?: Principal }
  | {
      ok: false;
      status: 401 | 403;
      message: string;
      /** For a page: where to send the browser instead (the sign-in page, with the link to return to). */
      redirect?: string;
      /** e.g. WWW-Authenticate on a 401. */
      headers?: Record<string, string>;
    };

/** Decides whether a request may use a route needing `access`. */
export type Authorize = (request: IncomingMessage, access: Access) => Promise<AccessDecision>;

/** Everyone may do everything: Tracelight's zero-setting default on a laptop. */
export const OPEN: Authorize = async () => ({ ok: true });
