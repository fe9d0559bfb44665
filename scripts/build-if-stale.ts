import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

/**
 * Runs `next build` when there is no build or a source is newer than it, so `npm start` and the
 * test suites never serve a stale UI and never rebuild for nothing.
 */
const root = path.resolve(import.meta.dirname, "..");
const SOURCES = [
  "app",
  "components",
  "lib",
  "public",
  "next.config.js",
  "package.json",
  "postcss.config.mjs",
];

function newestMs(entry: string): number {
  const full = path.join(root, entry);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(full).map((child) => newestMs(path.join(entry, child))));
}

export function buildIfStale(): void {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const builtMs = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  if (builtMs >= Math.max(...SOURCES.map(newestMs))) return;
  console.log(
    builtMs === 0
      ? "building Tracelight (first start)…"
      : "sources changed since the last build; rebuilding…",
  );
  const result = spawnSync("npx", ["next", "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status})`);
}
