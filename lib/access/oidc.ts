import * as client from "openid-client";
import type { Route } from "../http/router";
import { log } from "../observe/log";
import { authPage, seeOther } from "./auth-page";
import { clearCookie, readCookie, setCookie } from "./cookies";
import { type AdmissionRule, admit } from "./identity";
import { SIGN_IN_PATH, safeReturnPath } from "./return-to";
import { sealer } from "./sealed";
import type { Session, Sessions } from "./sessions";

/**
 * Sign-in with any OpenID Connect provider (Keycloak, Ory Hydra, Google, …): the authorization code
 * flow with PKCE, state and nonce, through openid-client.
 *
 *   browser ─► /api/auth/login?next=/trace/…   state, nonce, PKCE verifier and `next` sealed in a
 *          ◄─ 303 to the provider               10-minute cookie scoped to the callback's path
 *   browser ─► provider: signs in
 *          ◄─ 303 to /api/auth/callback?code=…&state=…
 *   browser ─► /api/auth/callback                the code exchanged and the ID token checked, the
 *          ◄─ 303 to `next`, session cookie     person admitted (identity.ts) or shown why not (403)
 *
 * The provider's metadata is fetched at the first sign-in (and again after a failure), so Tracelight
 * starts while the provider is down.
 */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  scopes: string;
  providerName: string;
  groupsClaim: string;
  publicUrl: string;
  rule: AdmissionRule;
}

export interface Oidc {
  routes: Route[];
  /** Where to send a browser whose `session` just ended, to end it at the provider too. */
  signOutUrl(session: Session): Promise<string | undefined>;
}

export const CALLBACK_PATH = "/api/auth/callback";
const SIGN_IN_COOKIE = "tracelight_sign_in";
const SIGN_IN_LIFETIME_S = 600;
const DISCOVERY_TIMEOUT_S = 10;

export function createOidc(settings: OidcSettings, sessions: Sessions, secret: Uint8Array): Oidc {
  const { seal, unseal } = sealer(secret, "sign-in");
  const redirectUri = `${settings.publicUrl}${CALLBACK_PATH}`;
  const cookieOptions = { path: CALLBACK_PATH, secure: settings.publicUrl.startsWith("https:") };
  let discovered: Promise<client.Configuration> | undefined;
  const provider = () => {
    discovered ??= discoverProvider(settings).catch((error: Error) => {
      discovered = undefined;
      throw error;
    });
    return discovered;
  };
  const unreachable = (error: unknown) => {
    log.error(
      { err: (error as Error).message, issuer: settings.issuer },
      "cannot reach the sign-in provider",
    );
    return authPage(
      502,
      "Cannot sign in now",
      `${settings.providerName} cannot be reached; try again shortly.`,
    );
  };

  const login: Route = {
    method: "GET",
    path: "/api/auth/login",
    access: "public",
    handle: async ({ url }) => {
      let configuration: client.Configuration;
      try {
        configuration = await provider();
      } catch (error) {
        return unreachable(error);
      }
      const state = client.randomState();
      const nonce = client.randomNonce();
      const verifier = client.randomPKCECodeVerifier();
      const next = safeReturnPath(url.searchParams.get("next"));
      const sealed = await seal({ state, nonce, verifier, next }, SIGN_IN_LIFETIME_S);
      const authorization = client.buildAuthorizationUrl(configuration, {
        redirect_uri: redirectUri,
        scope: settings.scopes,
        state,
        nonce,
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
      });
      return seeOther(
        authorization.href,
        setCookie(SIGN_IN_COOKIE, sealed, SIGN_IN_LIFETIME_S, cookieOptions),
      );
    },
  };

  const callback: Route = {
    method: "GET",
    path: CALLBACK_PATH,
    access: "public",
    handle: async ({ message, url }) => {
      const sealed = readCookie(message, SIGN_IN_COOKIE);
      const started = sealed === undefined ? undefined : await unseal(sealed);
      if (started === undefined) {
        return authPage(400, "Sign-in expired", "This sign-in took too long or began in another browser.");
      }
      const done = clearCookie(SIGN_IN_COOKIE, cookieOptions);
      let claims: Record<string, unknown>;
      let idToken: string | undefined;
      try {
        const configuration = await provider();
        const tokens = await client.authorizationCodeGrant(
          configuration,
          new URL(`${url.pathname}${url.search}`, settings.publicUrl),
          {
            pkceCodeVerifier: started.verifier as string,
            expectedState: started.state as string,
            expectedNonce: started.nonce as string,
          },
        );
        const idClaims: Record<string, unknown> = tokens.claims() ?? {};
        idToken = tokens.id_token;
        // Many providers put e-mail and groups only in userinfo unless asked to copy them.
        const userinfo = configuration.serverMetadata().userinfo_endpoint
          ? await client.fetchUserInfo(configuration, tokens.access_token, String(idClaims.sub))
          : {};
        claims = { ...idClaims, ...userinfo };
      } catch (error) {
        return refusedSignIn(error, settings.providerName);
      }
      const admission = admit(claims, settings.groupsClaim, settings.rule);
      if (!admission.ok) {
        log.info({ reason: admission.reason }, "sign-in refused");
        return {
          ...authPage(403, "Not allowed to read here", admission.reason),
          headers: { "set-cookie": done },
        };
      }
      log.info({ principal: admission.identity.name }, "signed in");
      // The sign-in cookie stays until it expires (one Set-Cookie per answer): its code is spent.
      const cookie = await sessions.start(message, { kind: "oidc", identity: admission.identity, idToken });
      return seeOther(started.next as string, cookie);
    },
  };

  return {
    routes: [login, callback],
    signOutUrl: async (session) => {
      if (session.kind !== "oidc") return undefined;
      const configuration = await provider().catch(() => undefined);
      if (!configuration?.serverMetadata().end_session_endpoint) return undefined;
      return client.buildEndSessionUrl(configuration, {
        post_logout_redirect_uri: `${settings.publicUrl}${SIGN_IN_PATH}`,
        ...(session.idToken ? { id_token_hint: session.idToken } : {}),
      }).href;
    },
  };
}

function discoverProvider(settings: OidcSettings): Promise<client.Configuration> {
  const issuer = new URL(settings.issuer);
  return client.discovery(
    issuer,
    settings.clientId,
    settings.clientSecret,
    settings.clientSecret === undefined ? client.None() : client.ClientSecretBasic(settings.clientSecret),
    {
      timeout: DISCOVERY_TIMEOUT_S,
      // An http:// issuer is the operator's explicit choice (a provider on the same private network).
      execute: issuer.protocol === "http:" ? [client.allowInsecureRequests] : [],
    },
  );
}

function refusedSignIn(error: unknown, providerName: string) {
  if (error instanceof client.AuthorizationResponseError) {
    // The provider's own answer: the person declined, or the provider refused them.
    log.info({ error: error.error }, "the provider ended the sign-in");
    return authPage(
      403,
      "Sign-in refused",
      `${providerName} answered: ${error.error_description ?? error.error}`,
    );
  }
  log.warn({ err: (error as Error).message }, "sign-in failed");
  // The provider's answers did not check out (400), or it could not be reached (502).
  const checked = error instanceof client.ResponseBodyError || error instanceof client.ClientError;
  return authPage(
    checked ? 400 : 502,
    "Sign-in failed",
    `Signing in with ${providerName} failed: ${(error as Error).message}`,
  );
}
