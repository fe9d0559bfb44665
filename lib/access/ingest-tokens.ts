import type { IncomingMessage } from "node:http";
import type { Config } from "../config";
import { throttledWarning } from "../observe/log";
import type { AccessDecision } from "./access";
import { isLoopbackAddress } from "./exposure";
import { tokenMatcher } from "./named-tokens";

/**
 * Ingest tokens (TRACELIGHT_INGEST_TOKENS): when set, every write must carry one of them, where its
 * sender can put it; open otherwise.
 *
 *   Authorization: Bearer <token>      OTLP exporters (`headers`, OTEL_EXPORTER_OTLP_HEADERS), Zipkin
 *                                      senders with headers, curl; on gRPC, the same metadata key
 *   Authorization: Basic <any:token>   the OTel Collector's basicauth, jaeger-client's HTTP sender
 *                                      (username, password), a sender's URL (https://x:token@host)
 *   DD-API-KEY: <token>                Datadog's header, added by whatever forwards dd-trace's spans
 *
 * The token's name becomes the request's principal: the collector records it on the spans stored
 * (lib/collector/sender.ts) and counts it. Ingest tokens are matched here only: a read route never
 * asks this module, so an ingest token opens no read (lib/access/readers.ts has tokens of its own).
 */
export interface IngestAuth {
  /** Whether ingest needs a token. */
  required: boolean;
  /** An HTTP ingest request's access. */
  check(request: IncomingMessage): Promise<AccessDecision>;
  /** The same decision from credentials found elsewhere (a gRPC call's metadata); `peer` for the log. */
  decide(credentials: Credentials, peer?: string): AccessDecision;
}

export interface Credentials {
  /** The Authorization header or metadata value. */
  authorization?: string;
  /** Datadog's DD-API-KEY header. */
  apiKey?: string;
}

/**
 * The challenges of a 401: a tracer's HTTP client may wait for Basic's before sending its credentials.
 * Where a browser asks (the upload page), Bearer's alone: Basic's would open the browser's password prompt.
 */
export const BEARER_CHALLENGE = 'Bearer realm="tracelight-ingest"';
export const INGEST_CHALLENGES = `${BEARER_CHALLENGE}, Basic realm="tracelight-ingest"`;

const MISSING =
  "this endpoint needs an ingest token: send Authorization: Bearer <token>, HTTP basic auth with the token as the password, or DD-API-KEY: <token>";
const UNKNOWN = "the ingest token sent is not one of TRACELIGHT_INGEST_TOKENS";

const warnUnknown = throttledWarning(
  "an ingest request carried a token that is not one of TRACELIGHT_INGEST_TOKENS",
);

export function createIngestAuth(config: Pick<Config, "TRACELIGHT_INGEST_TOKENS">): IngestAuth {
  const tokens = config.TRACELIGHT_INGEST_TOKENS;
  if (tokens.length === 0) {
    const open: AccessDecision = { ok: true };
    return { required: false, check: async () => open, decide: () => open };
  }
  const match = tokenMatcher(tokens);
  const decide: IngestAuth["decide"] = (credentials, peer) => {
    const presented = presentedTokens(credentials);
    for (const token of presented) {
      const name = match(token);
      if (name !== undefined) return { ok: true, principal: { kind: "ingest-token", name } };
    }
    if (presented.length > 0) warnUnknown({ peer });
    return {
      ok: false,
      status: 401,
      message: presented.length > 0 ? UNKNOWN : MISSING,
      headers: { "www-authenticate": INGEST_CHALLENGES },
    };
  };
  return {
    required: true,
    check: async (request) =>
      decide(
        { authorization: request.headers.authorization, apiKey: header(request, "dd-api-key") },
        request.socket.remoteAddress,
      ),
    decide,
  };
}

/** Every token a request presents: Bearer's, Basic's password, DD-API-KEY's, in that order. */
export function presentedTokens({ authorization, apiKey }: Credentials): string[] {
  const tokens: string[] = [];
  const [scheme, value, ...rest] = authorization?.trim().split(/\s+/) ?? [];
  if (scheme !== undefined && value !== undefined && rest.length === 0) {
    if (/^bearer$/i.test(scheme)) tokens.push(value);
    else if (/^basic$/i.test(scheme)) {
      const userPass = Buffer.from(value, "base64").toString("utf8");
      const colon = userPass.indexOf(":");
      if (colon >= 0) tokens.push(userPass.slice(colon + 1));
    }
  }
  const key = apiKey?.trim();
  if (key) tokens.push(key);
  return tokens;
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Where the Jaeger agent's UDP ports listen. A datagram cannot carry a token, so with ingest tokens
 * on they listen on loopback only (a local agent or sidecar still reaches them) unless
 * TRACELIGHT_UDP_HOST opens them; without tokens, where everything else listens. `notice` says why
 * for the start-up log, when there is something to say.
 */
export function agentUdpHost(
  config: Pick<Config, "TRACELIGHT_HOST" | "TRACELIGHT_UDP_HOST" | "TRACELIGHT_INGEST_TOKENS">,
): { host: string; notice?: string } {
  const tokensOn = config.TRACELIGHT_INGEST_TOKENS.length > 0;
  if (config.TRACELIGHT_UDP_HOST !== undefined) {
    return {
      host: config.TRACELIGHT_UDP_HOST,
      ...(tokensOn && !isLoopbackAddress(config.TRACELIGHT_UDP_HOST)
        ? {
            notice: `the Jaeger agent's UDP ports take spans without a token on ${config.TRACELIGHT_UDP_HOST} (TRACELIGHT_UDP_HOST): UDP cannot carry one`,
          }
        : {}),
    };
  }
  if (!tokensOn) return { host: config.TRACELIGHT_HOST };
  return {
    host: LOOPBACK,
    ...(isLoopbackAddress(config.TRACELIGHT_HOST)
      ? {}
      : {
          notice: `ingest tokens are on and UDP cannot carry one: the Jaeger agent's UDP ports listen on ${LOOPBACK} only; set TRACELIGHT_UDP_HOST=0.0.0.0 to open them`,
        }),
  };
}

const LOOPBACK = "127.0.0.1";
