import type { IncomingMessage, ServerResponse } from "node:http";
import type { Config } from "../config";
import type { Route } from "../http/router";
import { refusalByRole, roleServes } from "../role";
import type { AccessDecision, Authorize } from "./access";
import { type BrowserGuard, createBrowserGuard } from "./browser";
import { createIngestAuth, type IngestAuth } from "./ingest-tokens";
import { createReaders } from "./readers";
import { authorizeUpload } from "./upload-access";

/**
 * Tracelight's access control, composed from the configuration (lib/access/access.ts says what each
 * part decides): the browser guard before everything, the authorizer the API router asks per route,
 * the page gate before Next.js renders, and the sign-in routes. Before any credential, the instance's
 * role (lib/role.ts): one that takes no spans refuses every ingest route, upload and OTLP/gRPC call
 * with 403 naming its role, here, so that no route or port decides it on its own.
 */
export interface AccessControl {
  guard: BrowserGuard;
  /** Ingest tokens, for OTLP/gRPC, whose credentials come as metadata rather than a request's headers. */
  ingest: IngestAuth;
  authorize: Authorize;
  /** Renders the page through `render` if the reader may see it, else redirects to sign in. */
  page(request: IncomingMessage, response: ServerResponse, render: () => Promise<void>): Promise<void>;
  routes: Route[];
}

export function createAccessControl(config: Config): AccessControl {
  const role = config.TRACELIGHT_ROLE;
  const byRole: AccessDecision = { ok: false, status: 403, message: refusalByRole(role) };
  const tokens = createIngestAuth(config);
  const ingest = roleServes(role, "ingest")
    ? tokens
    : { ...tokens, check: async () => byRole, decide: () => byRole };
  const readers = createReaders(config);
  const upload = authorizeUpload(ingest, readers);
  return {
    guard: createBrowserGuard(config),
    ingest,
    authorize: async (request, access) =>
      !roleServes(role, access)
        ? byRole
        : access === "public"
          ? { ok: true }
          : access === "ingest"
            ? ingest.check(request)
            : access === "upload"
              ? upload(request)
              : readers.check(request),
    page: async (request, response, render) => {
      const decision = await readers.checkPage(request);
      if (decision.ok) return render();
      if (decision.redirect) {
        response.writeHead(303, { location: decision.redirect, "cache-control": "no-store" }).end();
      } else {
        response
          .writeHead(decision.status, { "content-type": "text/plain; charset=utf-8" })
          .end(decision.message);
      }
    },
    routes: readers.routes,
  };
}
