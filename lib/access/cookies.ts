import type { IncomingMessage } from "node:http";

/**
 * Tracelight's cookies, always HttpOnly (no script of a page reads them) and SameSite=Lax: sent when
 * the browser follows a link here from elsewhere (a shared trace link, the provider's redirect back),
 * never with another site's requests. Secure when browsers come over HTTPS.
 */
export interface CookieOptions {
  path: string;
  secure: boolean;
}

/** The value of cookie `name` in the request, or undefined. */
export function readCookie(request: IncomingMessage, name: string): string | undefined {
  for (const pair of (request.headers.cookie ?? "").split(";")) {
    const equals = pair.indexOf("=");
    if (equals > 0 && pair.slice(0, equals).trim() === name) return pair.slice(equals + 1).trim();
  }
  return undefined;
}

/** A Set-Cookie value; the value is a sealed token, so it needs no quoting. */
export function setCookie(name: string, value: string, maxAgeS: number, options: CookieOptions): string {
  const attributes = [`${name}=${value}`, `Path=${options.path}`, `Max-Age=${Math.round(maxAgeS)}`];
  attributes.push("HttpOnly", "SameSite=Lax");
  if (options.secure) attributes.push("Secure");
  return attributes.join("; ");
}

export function clearCookie(name: string, options: CookieOptions): string {
  return setCookie(name, "", 0, options);
}

/**
 * Whether the browser reached Tracelight over HTTPS: the public URL says so, or the proxy in front
 * does (X-Forwarded-Proto). Trusting the header costs nothing here: it only makes a cookie stricter.
 */
export function viaHttps(request: IncomingMessage, publicUrl: string | undefined): boolean {
  if (publicUrl?.startsWith("https:")) return true;
  const forwarded = request.headers["x-forwarded-proto"];
  return (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim() === "https";
}
