import type { Config } from "../config";

/**
 * What the sign-in page offers under the settings: the OpenID Connect provider's button, and a field
 * for a read token (a person with only a token, and no provider, can still open the pages).
 */
export interface SignInChoices {
  /** "Sign in with <provider>": TRACELIGHT_OIDC_PROVIDER_NAME, else the issuer's host name. */
  provider?: string;
  readTokens: boolean;
}

export function signInChoices(config: Config): SignInChoices {
  const issuer = config.TRACELIGHT_OIDC_ISSUER;
  return {
    ...(issuer ? { provider: config.TRACELIGHT_OIDC_PROVIDER_NAME ?? new URL(issuer).hostname } : {}),
    readTokens: (config.TRACELIGHT_READ_TOKENS?.length ?? 0) > 0,
  };
}
