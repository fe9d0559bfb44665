import type { HostCheck } from "./hosts";

/**
 * What a browser may do with Tracelight, decided from the request's headers alone. Three rules, each
 * against a different page:
 *
 * 1. Host: a request a browser can make (every GET, HEAD and OPTIONS, and anything with an Origin)
 *    must name this server (hosts.ts), or a rebound name reads and writes as if same-origin. A write
 *    without an Origin is exempt: browsers send Origin on every POST and PUT (Fetch, "append a request
 *    Origin header"), so it comes from a tracer, which could send any Host anyway.
 * 2. Origin: a request carrying one must come from the UI itself (the origin its Host names, whatever
 *    the scheme: behind a TLS proxy the page is https and the hop to here plain http; or what
 *    Sec-Fetch-Site, which no page can forge, calls same-origin) or from TRACELIGHT_CORS_ORIGINS.
 *    `null` is nobody's but the UI's own form POSTs': under Referrer-Policy no-referrer a browser
 *    sends `null` for them (Fetch, "serializing a request origin"), and Sec-Fetch-Site says whose
 *    they are. This fences writes (a page's `no-cors` POST still carries Origin) and reads by fetch.
 * 3. Fetch metadata: a request without an Origin that Sec-Fetch-Site says another site made (an
 *    `<img>` or `<script>` pointing here) is refused unless it is a top-level navigation: a link to a
 *    trace from a chat or a dashboard must open. `same-site` counts as another site: every port of
 *    `localhost` is one site, and other dev servers run there.
 *
 * A listed origin's preflight is answered here; its other requests pass with the CORS headers.
 */
export interface BrowserRequest {
  method: string;
  host?: string;
  origin?: string;
  fetchSite?: string;
  fetchMode?: string;
  /** Access-Control-Request-Method: present on a CORS preflight. */
  preflightMethod?: string;
}

export interface BrowserPolicy {
  hostAllowed: HostCheck;
  /** Serialised origins (`https://app.example`) besides the UI's own. */
  corsOrigins: ReadonlySet<string>;
}

export type RefusalReason = "host" | "origin" | "fetch-site";

export type Verdict =
  | { kind: "refuse"; reason: RefusalReason; message: string }
  /** A listed origin's preflight: answer it with the CORS headers. */
  | { kind: "preflight"; origin: string }
  /** Let the request through; `corsOrigin` is a listed origin to name in the answer. */
  | { kind: "pass"; corsOrigin?: string };

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

export function judge(request: BrowserRequest, policy: BrowserPolicy): Verdict {
  const { method, host, origin } = request;
  const listed = origin !== undefined && policy.corsOrigins.has(origin);
  const fromBrowser = READS.has(method) || origin !== undefined;
  // A request without Host is HTTP/1.0, which no browser speaks.
  if (fromBrowser && !listed && host !== undefined && !policy.hostAllowed(host)) {
    return {
      kind: "refuse",
      reason: "host",
      message: `Host ${host} is not a name of this server: to reach Tracelight by it, add it to TRACELIGHT_ALLOWED_HOSTS`,
    };
  }
  const own =
    request.fetchSite === "same-origin" ||
    (origin !== undefined && host !== undefined && isOwnOrigin(origin, host));
  if (origin !== undefined && !listed && !own) {
    return {
      kind: "refuse",
      reason: "origin",
      message: `a page at ${origin} may not use Tracelight: to allow it, add it to TRACELIGHT_CORS_ORIGINS`,
    };
  }
  const otherSite = request.fetchSite === "cross-site" || request.fetchSite === "same-site";
  const navigation = request.fetchMode === "navigate" && (method === "GET" || method === "HEAD");
  if (origin === undefined && otherSite && !navigation) {
    return {
      kind: "refuse",
      reason: "fetch-site",
      message:
        "another site's page may not load this: open it directly, or call it with fetch from an origin in TRACELIGHT_CORS_ORIGINS",
    };
  }
  if (listed && method === "OPTIONS" && request.preflightMethod !== undefined) {
    return { kind: "preflight", origin };
  }
  return listed ? { kind: "pass", corsOrigin: origin } : { kind: "pass" };
}

/** Whether `origin` is the site `host` names: same host and port, the port defaulting by scheme. */
export function isOwnOrigin(origin: string, host: string): boolean {
  if (!URL.canParse(origin)) return false;
  const page = new URL(origin);
  if (page.protocol !== "http:" && page.protocol !== "https:") return false;
  const self = `${page.protocol}//${host}`;
  return URL.canParse(self) && new URL(self).host === page.host;
}
