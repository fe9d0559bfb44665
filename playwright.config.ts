import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests in a real Chromium against the production build on a fresh database
 * (e2e/global-setup.ts). Debian's Chromium when installed (CI installs it), else Playwright's own.
 */
const port = Number(process.env.E2E_PORT ?? 3217);
const systemChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((path) => existsSync(path));

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  globalSetup: "./e2e/global-setup.ts",
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  // Playwright empties its outputDir at start: keep it away from the other reports.
  outputDir: "test-results/e2e-artifacts",
  reporter: [
    ...(process.env.CI
      ? ([["line"], ["json", { outputFile: "test-results/e2e.json" }]] as const)
      : ([["list"]] as const)),
    ["./e2e/corpus-reporter.ts"],
  ],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: systemChromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        // Names of other sites for the cross-origin tests (e2e/cross-origin.spec.ts), all served here.
        "--host-resolver-rules=MAP *.test 127.0.0.1",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
});
