import { expect, test } from "@playwright/test";
import { readTestData } from "../test/test-data";
import { AppShell } from "./pages/AppShell";
import { PageWatch } from "./pages/PageWatch";
import { seedZipkinTrace } from "./seed";

/**
 * Every page answers with the security headers (lib/access/security-headers.ts) and runs under its
 * Content Security Policy: hydrated, with not one violation on the console.
 */
let traceId: string;
test.beforeAll(async ({ request }) => {
  traceId = await seedZipkinTrace(request, readTestData("zipkin-v2-checkout.json") as unknown[]);
});

const pages = () => [
  "/search",
  "/search?lookback=7d&service=all",
  `/trace/${traceId}`,
  `/trace/${traceId}?tab=flame`,
  `/trace/${traceId}?tab=stats`,
  `/trace/${traceId}?tab=table`,
  `/trace/${traceId}?tab=json`,
  `/compare?a=${traceId}&b=${traceId}`,
  "/dependencies",
  "/services",
  "/upload",
];

test.describe("every page", () => {
  test("has a nonce CSP without eval, nosniff, no framing and no referrer, and breaks none of it", async ({
    page,
  }) => {
    const watch = new PageWatch(page);
    const shell = new AppShell(page);
    for (const path of pages()) {
      // Once the header's database check answers, the page's scripts have run.
      const response = await shell.open(path);
      const headers = response?.headers() ?? {};
      const policy = headers["content-security-policy"] ?? "";
      expect(policy, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/]+={0,2}'(;|$)/);
      expect(policy, path).not.toContain("unsafe-eval");
      expect(policy, path).toContain("frame-ancestors 'none'");
      expect(headers, path).toMatchObject({
        "x-content-type-options": "nosniff",
        "x-frame-options": "DENY",
        "referrer-policy": "no-referrer",
      });
      expect(watch.cspViolations, path).toEqual([]);
    }
    expect(await watch.injected()).toEqual([]);
  });

  test("a missing page too", async ({ page }) => {
    const watch = new PageWatch(page);
    const response = await new AppShell(page).open("/nowhere");
    expect(response?.status()).toBe(404);
    expect(response?.headers()["content-security-policy"]).toContain("'nonce-");
    expect(watch.cspViolations).toEqual([]);
  });
});
