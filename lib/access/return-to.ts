/**
 * The link a reader asked for, carried through sign-in (`/signin?next=…`, then the provider's round
 * trip) so that a shared link opens once they are in. Only a path of this site is ever followed: a
 * `next` naming another site ("//evil.example", "/\\evil.example", "https://…") would make the
 * sign-in page an open redirect, so it becomes "/".
 */
export const SIGN_IN_PATH = "/signin";

const BASE = "http://tracelight.invalid";
const MAX_LENGTH = 4096;
/** Next.js's own marker of a client-side fetch of a page's data; the browser wants the page. */
const NEXT_DATA_PARAM = "_rsc";

/** `next` as a same-site path with its query, or "/". */
export function safeReturnPath(next: string | null | undefined): string {
  if (!next || next.length > MAX_LENGTH || !next.startsWith("/")) {
    return "/";
  }
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE) return "/";
  url.searchParams.delete(NEXT_DATA_PARAM);
  // Back to sign-in or into its flow would loop.
  if (url.pathname === SIGN_IN_PATH || url.pathname.startsWith("/api/auth/")) return "/";
  return `${url.pathname}${url.search}`;
}

/** The sign-in page, carrying the request's own path and query to return to. */
export function signInRedirect(requestPath: string): string {
  return `${SIGN_IN_PATH}?next=${encodeURIComponent(safeReturnPath(requestPath))}`;
}
