import type { IncomingMessage } from "node:http";
import { createRemoteJWKSet, errors, jwtVerify } from "jose";
import { log } from "../observe/log";

/**
 * A trusted proxy's signed assertion of who is asking (Pomerium's X-Pomerium-Jwt-Assertion, Cloudflare
 * Access's Cf-Access-Jwt-Assertion, Google IAP's x-goog-iap-jwt-assertion): verified against the keys
 * the proxy publishes, its issuer and audience when set, and its lifetime. Only asymmetric signatures
 * are taken, so neither an unsigned token (`alg: none`) nor one signed with a shared secret passes.
 */
export interface ProxySettings {
  header: string;
  jwksUrl: string;
  issuer?: string;
  audience?: string;
}

export type ProxyAssertion =
  | { kind: "absent" }
  | { kind: "valid"; claims: Record<string, unknown> }
  | { kind: "invalid"; reason: string };

const ASYMMETRIC = ["ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "EdDSA"];
/** A proxy's clock and ours may differ by a little; Pomerium's assertions live for minutes. */
const CLOCK_TOLERANCE_S = 30;

export function createProxyVerifier(
  settings: ProxySettings,
): (request: IncomingMessage) => Promise<ProxyAssertion> {
  // jose caches the keys and refetches them (at most every 30 s) when a token names an unknown one.
  const keys = createRemoteJWKSet(new URL(settings.jwksUrl), { timeoutDuration: 5000 });
  return async (request) => {
    const value = request.headers[settings.header];
    const token = Array.isArray(value) ? value[0] : value;
    if (token === undefined || token === "") return { kind: "absent" };
    try {
      const { payload } = await jwtVerify(token, keys, {
        algorithms: ASYMMETRIC,
        issuer: settings.issuer,
        audience: settings.audience,
        clockTolerance: CLOCK_TOLERANCE_S,
        requiredClaims: ["exp"],
      });
      return { kind: "valid", claims: payload };
    } catch (error) {
      return { kind: "invalid", reason: reasonFor(error, settings.jwksUrl) };
    }
  };
}

function reasonFor(error: unknown, jwksUrl: string): string {
  if (error instanceof errors.JWTExpired) return "it has expired";
  if (error instanceof errors.JWTClaimValidationFailed)
    return `its ${error.claim} claim is not the expected one`;
  if (
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys ||
    error instanceof errors.JWSSignatureVerificationFailed
  ) {
    return "it is not signed by a key of the proxy's";
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return "it is not signed with a public-key algorithm";
  if (
    error instanceof errors.JWSInvalid ||
    error instanceof errors.JWTInvalid ||
    error instanceof errors.JOSENotSupported
  ) {
    return "it is not a valid JWT";
  }
  // What is left is fetching the keys: unreachable, not 200, not a key set.
  log.error({ err: (error as Error).message, jwksUrl }, "cannot fetch the trusted proxy's keys");
  return "the proxy's keys cannot be fetched now";
}
