import type { Reply } from "../http/router";
import { SIGN_IN_PATH } from "./return-to";

/**
 * The few pages the sign-in flow answers itself, before Next.js is involved: why a sign-in was refused
 * or failed, with a way back. Plain HTML without scripts or styles, so any Content-Security-Policy
 * lets it render; every text in it is escaped (a provider's messages and claims are not ours).
 */
export function authPage(status: number, title: string, message: string): Reply {
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Tracelight</title></head>
<body><main><h1>${escapeHtml(title)}</h1><p data-testid="auth-message">${escapeHtml(message)}</p>
<p><a href="${SIGN_IN_PATH}">Sign in again</a></p></main></body></html>`;
  return { status, contentType: "text/html; charset=utf-8", body, headers: { "cache-control": "no-store" } };
}

/** A 303 to `location`, never cached, with the cookie it sets or clears. */
export function seeOther(location: string, cookie?: string): Reply {
  return {
    status: 303,
    headers: { location, "cache-control": "no-store", ...(cookie ? { "set-cookie": cookie } : {}) },
  };
}

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] as string);
}
