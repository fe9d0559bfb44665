import type { IncomingMessage } from "node:http";
import type { Config } from "../config";
import type { Route } from "../http/router";
import type { AccessDecision } from "./access";

/**
 * Who may read (read tokens, OpenID Connect sign-in, a trusted proxy's signed identity): when any is
 * configured, the pages and every read API need one. Open otherwise.
 */
export interface Readers {
  /** An API request's access to a `read` route. */
  check(request: IncomingMessage): Promise<AccessDecision>;
  /** A page request's: a refusal carries the sign-in page to redirect to. */
  checkPage(request: IncomingMessage): Promise<AccessDecision>;
  /** The sign-in flow's own routes (login, callback, logout), all `public`. */
  routes: Route[];
}

export function createReaders(_config: Config): Readers {
  const open = async (): Promise<AccessDecision> => ({ ok: true });
  return { check: open, checkPage: open, routes: [] };
}
