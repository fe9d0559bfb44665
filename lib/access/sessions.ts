import type { IncomingMessage } from "node:http";
import { clearCookie, readCookie, setCookie, viaHttps } from "./cookies";
import type { Identity } from "./identity";
import { sealer } from "./sealed";

/**
 * A signed-in reader's session: a sealed cookie (sealed.ts) holding who they are until it expires,
 * nothing kept on the server. `oidc` sessions come from the provider's sign-in, `token` ones from a
 * read token pasted on the sign-in page (a browser cannot send a Bearer header with a link).
 */
export type Session =
  | {
      kind: "oidc";
      identity: Identity /** For the provider's sign-out, when it fits the cookie. */;
      idToken?: string;
    }
  | { kind: "token"; tokenName: string };

export interface Sessions {
  read(request: IncomingMessage): Promise<Session | undefined>;
  /** The Set-Cookie value starting `session`. */
  start(request: IncomingMessage, session: Session): Promise<string>;
  /** The Set-Cookie value ending it. */
  end(request: IncomingMessage): string;
}

export const SESSION_COOKIE = "tracelight_session";
/** Browsers keep at least 4096 bytes a cookie (RFC 6265), name and attributes included. */
const MAX_COOKIE_BYTES = 3800;

export function createSessions(
  secret: Uint8Array,
  lifetimeS: number,
  publicUrl: string | undefined,
): Sessions {
  const { seal, unseal } = sealer(secret, "session");
  const options = (request: IncomingMessage) => ({ path: "/", secure: viaHttps(request, publicUrl) });
  return {
    read: async (request) => {
      const sealed = readCookie(request, SESSION_COOKIE);
      const payload = sealed === undefined ? undefined : await unseal(sealed);
      return payload?.session as Session | undefined;
    },
    start: async (request, session) => {
      let sealed = await seal({ session }, lifetimeS);
      if (sealed.length > MAX_COOKIE_BYTES && session.kind === "oidc") {
        // A large ID token is only a hint for signing out; the provider takes the client id instead.
        sealed = await seal({ session: { kind: "oidc", identity: session.identity } }, lifetimeS);
      }
      return setCookie(SESSION_COOKIE, sealed, lifetimeS, options(request));
    },
    end: (request) => clearCookie(SESSION_COOKIE, options(request)),
  };
}
