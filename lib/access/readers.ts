import type { IncomingMessage } from "node:http";
import type { Config } from "../config";
import { type Route, requestUrl } from "../http/router";
import { log } from "../observe/log";
import { metrics } from "../observe/metrics";
import type { AccessDecision } from "./access";
import { createIdentify, type Identified } from "./identify";
import { createOidc } from "./oidc";
import { createProxyVerifier } from "./proxy-jwt";
import { SIGN_IN_PATH, signInRedirect } from "./return-to";
import { sessionRoutes } from "./session-routes";
import { loadSessionSecret } from "./session-secret";
import { createSessions } from "./sessions";
import { signInChoices } from "./sign-in-choices";

/**
 * Who may read (read tokens, OpenID Connect sign-in, a trusted proxy's signed identity): when any is
 * configured, the pages and every read API need one. Open otherwise.
 *
 * A request is identified by its read token, the trusted proxy's assertion or its session, in that
 * order (identify.ts); a wrong credential is refused (401, or 403 for a person the allowed domains or
 * groups leave out). With none, an API request gets 401 and a page goes to the sign-in page, carrying
 * its link (return-to.ts) — unless a proxy is trusted and sign-in is not configured: there, a page
 * without the proxy's identity did not come through the proxy, and the answer says so.
 */
export interface Readers {
  /** An API request's access to a `read` route. */
  check(request: IncomingMessage): Promise<AccessDecision>;
  /** A page request's: a refusal carries the sign-in page to redirect to. */
  checkPage(request: IncomingMessage): Promise<AccessDecision>;
  /** The sign-in flow's own routes (login, callback, logout, the session, a token's sign-in), all `public`. */
  routes: Route[];
}

/**
 * What pages may load without a credential: the sign-in page and the scripts, styles and icons it
 * needs (app/favicon.ico and app/icon.svg, which Next.js serves at the root). Matched on the path
 * with its dot segments resolved, as Next.js resolves it.
 */
const PUBLIC_PAGES = new Set([SIGN_IN_PATH, "/favicon.ico", "/icon.svg"]);
const PUBLIC_ASSETS = "/_next/static/";

export function createReaders(config: Config): Readers {
  const tokens = config.TRACELIGHT_READ_TOKENS ?? [];
  const rule = {
    emailDomains: config.TRACELIGHT_ALLOWED_EMAIL_DOMAINS,
    groups: config.TRACELIGHT_ALLOWED_GROUPS,
  };
  const groupsClaim = config.TRACELIGHT_OIDC_GROUPS_CLAIM;
  const proxyHeader = config.TRACELIGHT_TRUSTED_JWT_HEADER;
  const proxy =
    proxyHeader && config.TRACELIGHT_TRUSTED_JWKS_URL
      ? createProxyVerifier({
          header: proxyHeader,
          jwksUrl: config.TRACELIGHT_TRUSTED_JWKS_URL,
          issuer: config.TRACELIGHT_TRUSTED_JWT_ISSUER,
          audience: config.TRACELIGHT_TRUSTED_JWT_AUDIENCE,
        })
      : undefined;
  const issuer = config.TRACELIGHT_OIDC_ISSUER;
  if (tokens.length === 0 && issuer === undefined && proxy === undefined) {
    const open = async (): Promise<AccessDecision> => ({ ok: true });
    return {
      check: open,
      checkPage: open,
      routes: sessionRoutes({ identify: async () => ({ kind: "none" }) }),
    };
  }
  if (proxy && config.TRACELIGHT_TRUSTED_JWT_AUDIENCE === undefined) {
    log.warn(
      "TRACELIGHT_TRUSTED_JWT_AUDIENCE is unset: an assertion the proxy made for another of its routes is taken too",
    );
  }
  const oidcSettings =
    issuer !== undefined && config.TRACELIGHT_OIDC_CLIENT_ID !== undefined && config.TRACELIGHT_PUBLIC_URL
      ? {
          issuer,
          clientId: config.TRACELIGHT_OIDC_CLIENT_ID,
          clientSecret: config.TRACELIGHT_OIDC_CLIENT_SECRET,
          scopes: config.TRACELIGHT_OIDC_SCOPES,
          providerName: signInChoices(config).provider ?? issuer,
          groupsClaim,
          publicUrl: config.TRACELIGHT_PUBLIC_URL,
          rule,
        }
      : undefined;
  // Sessions come from signing in, with the provider or a read token; behind a proxy alone there are none.
  const secret =
    oidcSettings || tokens.length > 0
      ? loadSessionSecret(config.TRACELIGHT_SESSION_SECRET, config.TRACELIGHT_DATA_DIR)
      : undefined;
  const sessions = secret
    ? createSessions(secret, config.TRACELIGHT_SESSION_LIFETIME / 1e6, config.TRACELIGHT_PUBLIC_URL)
    : undefined;
  const oidc = oidcSettings && sessions && secret ? createOidc(oidcSettings, sessions, secret) : undefined;
  // Without sign-in, a trusted proxy is how people arrive; the sign-in page takes read tokens only.
  const signInPage = oidc !== undefined || proxy === undefined;

  const identify = createIdentify({ tokens, proxy, proxyHeader, sessions, rule, groupsClaim });

  /** Counts and logs the outcome: who read, or why not. */
  const decide = async (request: IncomingMessage): Promise<Identified> => {
    const identified = await identify(request);
    if (identified.kind === "known") {
      const { principal, token = "" } = identified;
      metrics.readRequests.inc({ kind: principal.kind, token });
      log.debug({ principal: principal.name, kind: principal.kind, url: request.url }, "read");
    } else {
      metrics.readRefused.inc({ reason: identified.kind === "none" ? "missing" : identified.reason });
    }
    return identified;
  };

  const needed = [
    tokens.length > 0 && "a read token (Authorization: Bearer)",
    oidc && `a session (sign in at ${SIGN_IN_PATH})`,
    proxy && `the proxy's signed identity (${proxyHeader})`,
  ].filter(Boolean);
  const missing = `reads here need ${needed.join(" or ")}`;
  const challenge = tokens.length > 0 ? { "www-authenticate": 'Bearer realm="Tracelight"' } : undefined;

  return {
    check: async (request) => {
      const identified = await decide(request);
      if (identified.kind === "known") return { ok: true, principal: identified.principal };
      if (identified.kind === "refused") {
        return { ok: false, status: identified.status, message: identified.message, headers: challenge };
      }
      return { ok: false, status: 401, message: missing, headers: challenge };
    },
    checkPage: async (request) => {
      const path = requestUrl(request)?.pathname ?? "/";
      if (PUBLIC_PAGES.has(path) || path.startsWith(PUBLIC_ASSETS)) return { ok: true };
      const identified = await decide(request);
      if (identified.kind === "known") return { ok: true, principal: identified.principal };
      if (identified.kind === "refused")
        return { ok: false, status: identified.status, message: identified.message };
      if (signInPage) {
        return { ok: false, status: 401, message: missing, redirect: signInRedirect(request.url ?? "/") };
      }
      return {
        ok: false,
        status: 401,
        message: `Tracelight is reached through its proxy, which names you in ${proxyHeader}: this request came without it.`,
      };
    },
    routes: [
      ...sessionRoutes({ identify, sessions, tokens, signOutUrl: oidc?.signOutUrl }),
      ...(oidc?.routes ?? []),
    ],
  };
}
