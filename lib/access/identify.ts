import type { IncomingMessage } from "node:http";
import type { Principal } from "./access";
import { type AdmissionRule, admit } from "./identity";
import { bearerToken, type NamedToken, tokenMatcher } from "./named-tokens";
import type { ProxyAssertion } from "./proxy-jwt";
import type { Session, Sessions } from "./sessions";

/**
 * Who a request is, from its credentials, asked in this order:
 *   1. a read token (`Authorization: Bearer`), when read tokens are set: Grafana, scripts;
 *   2. the trusted proxy's assertion, when its header is set;
 *   3. a session cookie: signed in with the provider, or with a read token on the sign-in page.
 * A credential that is there but wrong refuses the request without trying the next: an ingest
 * token is not a read token, and a forged assertion does not fall back to a cookie. A session counts
 * only while today's settings would still let it in: its read token still set, its person still
 * admitted by the allowed domains and groups.
 */
export type Identified =
  | { kind: "none" }
  | { kind: "known"; principal: Principal; token?: string }
  | {
      kind: "refused";
      status: 401 | 403;
      reason: "bad_token" | "bad_assertion" | "not_allowed";
      message: string;
    };

export interface IdentifySettings {
  tokens: readonly NamedToken[];
  proxy?: (request: IncomingMessage) => Promise<ProxyAssertion>;
  proxyHeader?: string;
  sessions?: Sessions;
  rule: AdmissionRule;
  groupsClaim: string;
}

export function createIdentify({
  tokens,
  proxy,
  proxyHeader,
  sessions,
  rule,
  groupsClaim,
}: IdentifySettings): (request: IncomingMessage) => Promise<Identified> {
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

  const matchToken = tokenMatcher(tokens);
  return async (request) => {
    const bearer = tokens.length > 0 ? bearerToken(request) : undefined;
    if (bearer !== undefined) {
      const name = matchToken(bearer);
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
}
