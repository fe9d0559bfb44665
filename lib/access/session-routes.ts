import type { IncomingMessage } from "node:http";
import type { SessionInfo } from "../api/session";
import { RequestError } from "../errors";
import { json, type Route } from "../http/router";
import { log } from "../observe/log";
import { seeOther } from "./auth-page";
import type { Identified } from "./identify";
import { type NamedToken, tokenMatcher } from "./named-tokens";
import { SIGN_IN_PATH, safeReturnPath } from "./return-to";
import type { Session, Sessions } from "./sessions";

/**
 * The routes of a reader's session, all `public`: who the browser is (for the header), signing out,
 * and signing in with a read token from the sign-in page's form (a browser following a link cannot
 * send a Bearer header).
 */
export interface SessionRouteSettings {
  identify(request: IncomingMessage): Promise<Identified>;
  sessions?: Sessions;
  tokens?: readonly NamedToken[];
  /** The provider's sign-out address for an OpenID Connect session, when it has one. */
  signOutUrl?(session: Session): Promise<string | undefined>;
}

const MAX_FORM_BYTES = 8192;

export function sessionRoutes({
  identify,
  sessions,
  tokens = [],
  signOutUrl,
}: SessionRouteSettings): Route[] {
  const routes: Route[] = [
    {
      method: "GET",
      path: "/api/auth/session",
      access: "public",
      handle: async ({ message }) => {
        const identified = await identify(message);
        const user = identified.kind === "known" ? identified.principal : null;
        return json({ user, signOut: user?.kind === "session" } satisfies SessionInfo);
      },
    },
  ];
  if (sessions === undefined) return routes;
  routes.push({
    method: "POST",
    path: "/api/auth/logout",
    access: "public",
    handle: async ({ message }) => {
      const session = await sessions.read(message);
      const providerSignOut = session && signOutUrl ? await signOutUrl(session) : undefined;
      return seeOther(providerSignOut ?? SIGN_IN_PATH, sessions.end(message));
    },
  });
  if (tokens.length === 0) return routes;
  const matchToken = tokenMatcher(tokens);
  routes.push({
    method: "POST",
    path: "/api/auth/token",
    access: "public",
    handle: async ({ message }) => {
      const form = await readForm(message);
      const next = safeReturnPath(form.get("next"));
      const name = matchToken(form.get("token") ?? "");
      if (name === undefined) return seeOther(`${SIGN_IN_PATH}?next=${encodeURIComponent(next)}&error=token`);
      log.info({ principal: name }, "signed in with a read token");
      return seeOther(next, await sessions.start(message, { kind: "token", tokenName: name }));
    },
  });
  return routes;
}

/** The sign-in page's form: a few hundred bytes, url-encoded. */
async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  const type = (request.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") {
    throw new RequestError(415, "send the sign-in form as application/x-www-form-urlencoded");
  }
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of request) {
    bytes += (chunk as Buffer).byteLength;
    if (bytes > MAX_FORM_BYTES)
      throw new RequestError(413, `the sign-in form is at most ${MAX_FORM_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}
