import { buildIfStale } from "./build-if-stale";

/**
 * `npm start`: builds the UI if needed, then runs the one Tracelight process. NODE_ENV must be set
 * before Next and React load, hence the dynamic import.
 */
Object.assign(process.env, { NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" });
try {
  buildIfStale();
} catch (error) {
  console.error(`tracelight: ${(error as Error).message}`);
  process.exit(1);
}
const { startTracelight } = await import("../server");
await startTracelight();
