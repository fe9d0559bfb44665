import { existsSync } from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";
import { freePort } from "../lib/net/free-port";
import { readFixtureBytes } from "../test/fixtures";
import { startTestServer } from "../test/test-server";

/**
 * Takes the README's trace screenshots again from the production build, so they show the trace page
 * as it is: HotROD's trace (Jaeger's demo, from the real-world corpus) uploaded to a fresh database,
 * its timeline with a failing redis call's details beside it (docs/screenshot.png), and its span
 * graph (docs/trace-graph.png). Run after changing the trace page:
 * `node --import tsx scripts/readme-screenshots.ts` (DATABASE_URL as for the tests, or none).
 */
const root = path.resolve(import.meta.dirname, "..");
const HOTROD = "stalk/jaeger-hotrod.json";
const TRACE_ID = "18231c31672495c6";
const FAILED_REDIS_CALL = "37fb25efb9030abf";
const VIEWPORT = { width: 1440, height: 900 };

const server = await startTestServer(await freePort(), { peerPorts: false });
const systemChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((file) => existsSync(file));
const browser = await chromium.launch({
  executablePath: systemChromium,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
try {
  const upload = await fetch(`${server.baseUrl}/api/upload`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: new Uint8Array(readFixtureBytes(HOTROD)),
  });
  if (!upload.ok) throw new Error(`uploading ${HOTROD}: ${upload.status} ${await upload.text()}`);
  const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });

  await page.goto(`${server.baseUrl}/trace/${TRACE_ID}?span=${FAILED_REDIS_CALL}`);
  await page.getByTestId("span-details").waitFor();
  // The header's one-sentence diagnosis comes with the operations' baselines, after the spans.
  await page.getByTestId("trace-diagnosis").getByText("went to").waitFor();
  await page.screenshot({ path: path.join(root, "docs/screenshot.png") });

  await page.goto(`${server.baseUrl}/trace/${TRACE_ID}?tab=graph`);
  await page.getByTestId("trace-graph").waitFor();
  await page.screenshot({ path: path.join(root, "docs/trace-graph.png") });
} finally {
  await browser.close();
  await server.stop();
}
