import { metrics } from "../observe/metrics";
import type { Route } from "./router";

/** Prometheus scrapes this: every metric of lib/observe/metrics.ts in its text format. */
export const METRICS_ROUTES: Route[] = [
  {
    method: "GET",
    path: "/metrics",
    handle: async () => ({
      status: 200,
      contentType: metrics.registry.contentType,
      body: await metrics.registry.metrics(),
    }),
  },
];
