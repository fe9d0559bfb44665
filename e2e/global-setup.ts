import { freePort } from "../lib/net/free-port";
import { startTestServer } from "../test/test-server";

/** The span bound of the e2e server: low enough for a test to post a trace past it. */
export const E2E_MAX_TRACE_SPANS = 5_000;

/**
 * Other sites for the cross-origin tests (e2e/cross-origin.spec.ts), one local server under the names
 * Chromium maps to 127.0.0.1 (playwright.config.ts): the shop is allowed to call Tracelight, the
 * attacker not, and Tracelight's UI is also reached by a name of its own.
 */
export const OTHER_SITES = { shop: "shop.test", attacker: "attacker.test", ui: "ui.test" };

/** One real server for the end-to-end run; Playwright calls the returned function at the end. */
export default async function globalSetup() {
  // Passed on to the test workers, which serve the other sites on it.
  process.env.E2E_SITES_PORT ??= String(await freePort());
  const server = await startTestServer(Number(process.env.E2E_PORT ?? 3217), {
    env: {
      TRACELIGHT_MAX_TRACE_SPANS: String(E2E_MAX_TRACE_SPANS),
      TRACELIGHT_CORS_ORIGINS: `http://${OTHER_SITES.shop}:${process.env.E2E_SITES_PORT}`,
      TRACELIGHT_ALLOWED_HOSTS: OTHER_SITES.ui,
    },
  });
  return server.stop;
}
