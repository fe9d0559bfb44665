import type { IncomingMessage, ServerResponse } from "node:http";
import type { Config } from "../config";

/**
 * The browser guard, ahead of every route and page: refuses requests whose Host is not this server's
 * (DNS rebinding) or whose Origin is a foreign site's, answers CORS preflights for the allowed
 * origins, and sets the security headers. Returns false when it has answered the request itself.
 */
export type BrowserGuard = (request: IncomingMessage, response: ServerResponse) => boolean;

export function createBrowserGuard(_config: Config): BrowserGuard {
  return () => true;
}
