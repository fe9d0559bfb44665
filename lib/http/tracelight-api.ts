import type { Health } from "../api/health";
import { pingDatabase } from "../db/traces";
import { findTrace } from "./find-trace";
import { json, type Route } from "./router";

/** Tracelight's own endpoints, beside the peers' APIs. */
export const TRACELIGHT_ROUTES: Route[] = [
  {
    // The canonical spans, with what the peers' formats cannot carry (typed attributes, resource,
    // scope, links, event attributes, warnings).
    method: "GET",
    path: "/api/trace/:traceId",
    handle: async ({ params }) => json(await findTrace(params.traceId as string)),
  },
  {
    // 200 while the database answers, 503 while it does not: what a load balancer's check needs.
    method: "GET",
    path: "/api/health",
    handle: async () => {
      try {
        await pingDatabase();
        return json({ status: "ok", database: "up" } satisfies Health);
      } catch (error) {
        return json({ status: "unavailable", database: (error as Error).message } satisfies Health, 503);
      }
    },
  },
];
