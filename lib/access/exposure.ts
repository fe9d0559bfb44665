import type { Config } from "../config";

/**
 * What the start-up log says is exposed, and to whom: the address every port listens on, whether
 * ingest and reads need credentials, and a warning when Tracelight listens beyond loopback with
 * neither — anyone who reaches the machine could then send spans and read every trace.
 */
export interface Exposure {
  listen: string;
  ingest: string;
  reads: string;
  warning?: string;
}

export function describeExposure(
  config: Pick<
    Config,
    | "TRACELIGHT_HOST"
    | "PORT"
    | "TRACELIGHT_INGEST_TOKENS"
    | "TRACELIGHT_READ_TOKENS"
    | "TRACELIGHT_OIDC_ISSUER"
    | "TRACELIGHT_TRUSTED_JWT_HEADER"
  >,
): Exposure {
  const ingestTokens = config.TRACELIGHT_INGEST_TOKENS.length;
  const readers = [
    ...(config.TRACELIGHT_READ_TOKENS?.length
      ? [`${config.TRACELIGHT_READ_TOKENS.length} read token(s)`]
      : []),
    ...(config.TRACELIGHT_OIDC_ISSUER ? [`OpenID Connect sign-in (${config.TRACELIGHT_OIDC_ISSUER})`] : []),
    ...(config.TRACELIGHT_TRUSTED_JWT_HEADER
      ? [`a trusted proxy's ${config.TRACELIGHT_TRUSTED_JWT_HEADER}`]
      : []),
  ];
  const loopback = isLoopbackAddress(config.TRACELIGHT_HOST);
  return {
    listen: `${config.TRACELIGHT_HOST}:${config.PORT}${loopback ? " (this machine only)" : ""}`,
    ingest: ingestTokens > 0 ? `needs one of ${ingestTokens} ingest token(s)` : "open to any sender",
    reads: readers.length > 0 ? `need ${readers.join(" or ")}` : "open to anyone",
    ...(!loopback && ingestTokens === 0 && readers.length === 0
      ? {
          warning: `listening on ${config.TRACELIGHT_HOST} with no ingest tokens and no sign-in: anyone who reaches this machine can send spans and read every trace (README: "Securing Tracelight")`,
        }
      : {}),
  };
}

/** Whether an address to listen on is reachable from this machine only. */
export function isLoopbackAddress(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\./.test(host);
}
