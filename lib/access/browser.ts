import type { IncomingMessage, ServerResponse } from "node:http";
import { hostname } from "node:os";
import type { Config } from "../config";
import { throttledWarning } from "../observe/log";
import { metrics } from "../observe/metrics";
import { type BrowserPolicy, type BrowserRequest, judge, type RefusalReason } from "./browser-policy";
import { createHostCheck } from "./hosts";
import { newNonce, type PageHeaderOptions, securityHeaders } from "./security-headers";

/**
 * The browser guard, ahead of every route and page: refuses requests whose Host is not this server's
 * (DNS rebinding) or whose Origin is a foreign site's, answers CORS preflights for the allowed
 * origins, and sets the security headers. Returns false when it has answered the request itself.
 * The rules are browser-policy.ts's; the headers security-headers.ts's.
 */
export type BrowserGuard = (request: IncomingMessage, response: ServerResponse) => boolean;

/** What an allowed origin's requests may use beyond the CORS-safelisted: an OTel or Zipkin exporter's. */
const CORS_ALLOW_HEADERS = "Authorization, Content-Type, Content-Encoding";
const CORS_ALLOW_METHODS = "GET, HEAD, POST, PUT";
/** How long a browser may reuse a preflight's answer (Chromium caps it at 2 h). */
const CORS_MAX_AGE_S = 600;

export function createBrowserGuard(config: Config, machineName = hostname()): BrowserGuard {
  const policy: BrowserPolicy = {
    hostAllowed: createHostCheck(config.TRACELIGHT_ALLOWED_HOSTS, machineName),
    corsOrigins: new Set(config.TRACELIGHT_CORS_ORIGINS),
  };
  const headerOptions: PageHeaderOptions = {
    frameAncestors: config.TRACELIGHT_FRAME_ANCESTORS,
    // `npm start` runs in production; `npm run dev` under Next's development server.
    development: process.env.NODE_ENV !== "production",
  };
  const warnings: Record<RefusalReason, (fields: object) => void> = {
    host: throttledWarning("refused a request naming another Host"),
    origin: throttledWarning("refused a request from another site's page"),
    "fetch-site": throttledWarning("refused another site's subresource request"),
  };

  return (request, response) => {
    const headers = securityHeaders(newNonce(), headerOptions);
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    // Whether an answer is given, and its CORS headers, depend on the Origin.
    response.setHeader("vary", "Origin");
    // Next.js takes the nonce of its inline scripts from the request's policy: ours, never the client's.
    request.headers["content-security-policy"] = headers["content-security-policy"];
    delete request.headers["content-security-policy-report-only"];

    const verdict = judge(browserRequest(request), policy);
    if (verdict.kind === "refuse") {
      metrics.browserRefused.inc({ reason: verdict.reason });
      warnings[verdict.reason]({
        host: request.headers.host,
        origin: request.headers.origin,
        path: request.url,
      });
      // Read and drop the body, so a client still sending sees this answer, not a reset connection.
      request.resume();
      response
        .writeHead(403, { "content-type": "application/json" })
        .end(JSON.stringify({ error: verdict.message }));
      return false;
    }
    if (verdict.kind === "preflight") {
      response
        .writeHead(204, {
          "access-control-allow-origin": verdict.origin,
          "access-control-allow-methods": CORS_ALLOW_METHODS,
          "access-control-allow-headers": CORS_ALLOW_HEADERS,
          "access-control-max-age": String(CORS_MAX_AGE_S),
        })
        .end();
      return false;
    }
    if (verdict.corsOrigin !== undefined) {
      response.setHeader("access-control-allow-origin", verdict.corsOrigin);
      // OTLP exporters wait as long as a 429's or 503's Retry-After says.
      response.setHeader("access-control-expose-headers", "Retry-After");
    }
    return true;
  };
}

function browserRequest(request: IncomingMessage): BrowserRequest {
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  return {
    method: request.method ?? "GET",
    host: header("host"),
    origin: header("origin"),
    fetchSite: header("sec-fetch-site"),
    fetchMode: header("sec-fetch-mode"),
    preflightMethod: header("access-control-request-method"),
  };
}
