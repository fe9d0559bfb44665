import { startTracelight } from "../server";

/** `npm run dev`: the same one process, with Next.js compiling on demand and hot reloading. */
process.env.NEXT_TELEMETRY_DISABLED = "1";
await startTracelight({ dev: true });
