import { startTestServer } from "../test/test-server";

/** The span bound of the e2e server: low enough for a test to post a trace past it. */
export const E2E_MAX_TRACE_SPANS = 5_000;

/** One real server for the end-to-end run; Playwright calls the returned function at the end. */
export default async function globalSetup() {
  const server = await startTestServer(Number(process.env.E2E_PORT ?? 3217), {
    env: { TRACELIGHT_MAX_TRACE_SPANS: String(E2E_MAX_TRACE_SPANS) },
  });
  return server.stop;
}
