import type { IncomingMessage } from "node:http";
import type { Config } from "../config";
import { type Route, requestUrl } from "../http/router";
import { log } from "../observe/log";
import { metrics } from "../observe/metrics";
import type { AccessDecision, Principal } from "./access";
import { admit } from "./identity";
import { bearerToken, matchToken } from "./named-tokens";
import { createOidc } from "./oidc";
import { createProxyVerifier } from "./proxy-jwt";
import { SIGN_IN_PATH, signInRedirect } from "./return-to";
import { sessionRoutes } from "./session-routes";
import { loadSessionSecret } from "./session-secret";
import { createSessions, type Session } from "./sessions";
import { signInChoices } from "./sign-in-choices";

/**
 * Who may read (read tokens, OpenID Connect sign-in, a trusted proxy's signed identity): when any is
 * configured, the pages and every read API need one. Open otherwise.
 *
 * A request is asked, in this order, for:
 *   1. a read token (`Authorization: Bearer`), when read tokens are set: Grafana, scripts;
 *   2. the trusted proxy's assertion, when its header is set;
 *   3. a session cookie: signed in with the provider, or with a read token on the sign-in page.
 * A credential that is there but wrong refuses the request (401) without trying the next: an ingest
 * token is not a read token, and a forged assertion does not fall back to a cookie. With none, an API
 * request gets 401 and a page goes to the sign-in page, carrying its link (return-to.ts) — unless a
 * proxy is trusted and sign-in is not configured: there, a page without the proxy's identity did not
 * come through the proxy, and the answer says so.
 */
export interface Readers {
  /** An API request's access to a `read` route. */
  check(request: IncomingMessage): Promise<AccessDecision>;
  /** A page request's: a refusal carries the sign-in page to redirect to. */
  checkPage(request: IncomingMessage): Promise<AccessDecision>;
  /** The sign-in flow's own routes (login, callback, logout), all `public`. */
  routes: Route[];
}

/** Who a request is, as far as its credentials say. */
export type Identified =
  | { kind: "none" }
  | { kind: "known"; principal: Principal; token?: string }
  | {
      kind: "refused";
      status: 401 | 403;
      reason: "bad_token" | "bad_assertion" | "not_allowed";
      message: string;
    };

/**
 * What pages may load without a credential: the sign-in page and the scripts, styles and icon it
 * needs. Matched on the path with its dot segments resolved, as Next.js resolves it.
 */
const PUBLIC_PAGES = new Set([SIGN_IN_PATH, "/favicon.ico"]);
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

  /** A session still valid under today's settings: its token still set, its person still admitted. */
  const principalOf = (session: Session): Identified => {
    if (session.kind === "token") {
      const known = tokens.some(({ name }) => name === session.tokenName);
      return known
        ? { kind: "known", principal: { kind: "session", name: session.tokenName }, token: session.tokenName }
        : { kind: "none" };
    }
    const { identity } = session;
    const claims = {
      sub: identity.subject,
      email: identity.email,
      preferred_username: identity.name,
      [groupsClaim]: identity.groups,
    };
    return admit(claims, groupsClaim, rule).ok
      ? { kind: "known", principal: { kind: "session", name: identity.name } }
      : { kind: "none" };
  };

  const identify = async (request: IncomingMessage): Promise<Identified> => {
    const bearer = tokens.length > 0 ? bearerToken(request) : undefined;
    if (bearer !== undefined) {
      const name = matchToken(tokens, bearer);
      return name === undefined
        ? {
            kind: "refused",
            status: 401,
            reason: "bad_token",
            message: "the Bearer token is not a read token",
          }
        : { kind: "known", principal: { kind: "read-token", name }, token: name };
    }
    const assertion = proxy ? await proxy(request) : { kind: "absent" as const };
    if (assertion.kind === "invalid") {
      const message = `the proxy's assertion (${proxyHeader}) is refused: ${assertion.reason}`;
      return { kind: "refused", status: 401, reason: "bad_assertion", message };
    }
    if (assertion.kind === "valid") {
      const admission = admit(assertion.claims, groupsClaim, rule);
      return admission.ok
        ? { kind: "known", principal: { kind: "proxy", name: admission.identity.name } }
        : { kind: "refused", status: 403, reason: "not_allowed", message: admission.reason };
    }
    const session = await sessions?.read(request);
    return session ? principalOf(session) : { kind: "none" };
  };

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
