import { randomBytes } from "node:crypto";

/**
 * The headers every answer carries (pages, APIs, static files alike: one set, no guessing which is
 * which). The Content Security Policy lets scripts come from this origin and, inline, only with the
 * request's nonce: Next.js writes its inline scripts (the RSC payload, the bootstrap) with the nonce it
 * reads from the request's own `content-security-policy` header, and the layout's theme script reads
 * it the same way (`scriptNonce`). Styles may be inline: React and d3 position bars and nodes with
 * style attributes, and a style cannot run code. Next's development server evaluates its modules
 * (`eval`), so only `npm run dev` allows it.
 */
export interface PageHeaderOptions {
  /** CSP frame-ancestors sources (TRACELIGHT_FRAME_ANCESTORS): who may frame the pages. */
  frameAncestors: string;
  development: boolean;
}

/** A fresh nonce for one answer: 128 random bits, as CSP asks. */
export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

export function contentSecurityPolicy(nonce: string, options: PageHeaderOptions): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'${options.development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    `frame-ancestors ${options.frameAncestors}`,
  ].join("; ");
}

/** The answer's headers, `nonce` in its policy. */
export function securityHeaders(nonce: string, options: PageHeaderOptions): Record<string, string> {
  return {
    "content-security-policy": contentSecurityPolicy(nonce, options),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    // For browsers without frame-ancestors; it can say "nobody" but no list.
    ...(options.frameAncestors.trim() === "'none'" ? { "x-frame-options": "DENY" } : {}),
  };
}

/** The nonce a policy lets inline scripts run with; undefined when it has none. */
export function scriptNonce(policy: string | null | undefined): string | undefined {
  const scripts = policy?.split(";").find((directive) => directive.trim().startsWith("script-src "));
  return scripts?.match(/'nonce-([A-Za-z0-9+/_-]+={0,2})'/)?.[1];
}
