import { existsSync, readFileSync } from "node:fs";

/**
 * One closing line for the whole of `npm test`, "tests: N passed, M failed", summed from the JSON
 * reports vitest and Playwright write when CI is set.
 */
interface Totals {
  passed: number;
  failed: number;
  skipped: number;
}

function readJson(path: string): unknown {
  return existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : undefined;
}

const totals: Totals = { passed: 0, failed: 0, skipped: 0 };
const vitest = readJson("test-results/vitest.json") as
  | { numPassedTests: number; numFailedTests: number; numPendingTests: number }
  | undefined;
if (vitest) {
  totals.passed += vitest.numPassedTests;
  totals.failed += vitest.numFailedTests;
  totals.skipped += vitest.numPendingTests;
}
const playwright = readJson("test-results/e2e.json") as
  | { stats: { expected: number; unexpected: number; flaky: number; skipped: number } }
  | undefined;
if (playwright) {
  totals.passed += playwright.stats.expected + playwright.stats.flaky;
  totals.failed += playwright.stats.unexpected;
  totals.skipped += playwright.stats.skipped;
}
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0);
