import { startTestServer } from "../test/test-server";

/** One real server for the end-to-end run; Playwright calls the returned function at the end. */
export default async function globalSetup() {
  const server = await startTestServer(Number(process.env.E2E_PORT ?? 3217));
  return server.stop;
}
