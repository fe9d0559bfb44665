import type { AttributeDiff } from "../api/attribute-diff";
import type { BaselinesResponse } from "../api/baselines";
import type { DependencyGraph } from "../api/graph";
import type { Health } from "../api/health";
import type { SearchResponse } from "../api/search";
import { type ServiceMetricsPage, serviceMetricsQuerySchema } from "../api/service-metrics";
import type { StoredTrace } from "../api/trace";
import { UNAVAILABLE_RETRY_AFTER_S } from "../collector/outcome";
import { log } from "../observe/log";
import { analyseStoredTrace } from "../read/analysis";
import { readAttributeDiff } from "../read/attribute-diff";
import { readBaselinesAnswer } from "../read/baselines";
import { pingDatabase } from "../read/health";
import { searchTraceSummaries } from "../read/search";
import { readGraph, readServiceMetricsPage } from "../read/services";
import { findTrace } from "../read/traces";
import { parseAttributeDiffParams } from "../search/attribute-diff-params";
import { optionalParam } from "../search/params";
import { parseTracelightSearch, parseTracelightWindow, readDuration } from "../search/tracelight-params";
import { parseQuery, readOperations } from "./query-params";
import { json, type Route } from "./router";
import { searchSettings } from "./search-settings";

/** Tracelight's own endpoints, beside the peers' APIs. */
export const TRACELIGHT_ROUTES: Route[] = [
  {
    // The canonical spans, with what the peers' formats cannot carry (typed attributes, resource,
    // scope, links, event attributes, warnings).
    method: "GET",
    path: "/api/trace/:traceId",
    handle: async ({ params }) => json((await findTrace(params.traceId as string)) satisfies StoredTrace),
  },
  {
    // Where the trace's time and error came from: critical path, self times, baselines, a sentence.
    // The trace page computes it in the browser from the spans and /api/baselines; this is for API users.
    method: "GET",
    path: "/api/traces/:traceId/analysis",
    handle: async ({ params, url }) =>
      json(
        await analyseStoredTrace(params.traceId as string, optionalParam(url.searchParams, "skew") === "off"),
      ),
  },
  {
    // Operations' latency histograms over a window (lib/api/baselines.ts), asked by operation: what
    // the trace page compares its spans with.
    method: "GET",
    path: "/api/baselines",
    handle: async ({ url }) => {
      const operations = readOperations(url.searchParams);
      const window = parseTracelightWindow(url.searchParams, Date.now() * 1000, searchSettings().limits);
      return json(
        (await readBaselinesAnswer(operations, window.startUs, window.endUs)) satisfies BaselinesResponse,
      );
    },
  },
  {
    // The search page's search (lib/search/tracelight-params.ts): trace summaries, never spans.
    method: "GET",
    path: "/api/search",
    handle: async ({ url }) => {
      const { limits, timeoutMs } = searchSettings();
      const { query, order } = parseTracelightSearch(url.searchParams, Date.now() * 1000, limits);
      return json({ traces: await searchTraceSummaries(query, order, timeoutMs) } satisfies SearchResponse);
    },
  },
  {
    // What sets a selection of the search's traces (slower, with errors, named) apart from the rest:
    // attribute values ranked by how much commoner they are in it (lib/search/attribute-diff-params.ts).
    method: "GET",
    path: "/api/attribute-diff",
    handle: async ({ url }) => {
      const { limits, timeoutMs } = searchSettings();
      const query = parseAttributeDiffParams(url.searchParams, Date.now() * 1000, limits);
      return json((await readAttributeDiff(query, timeoutMs)) satisfies AttributeDiff);
    },
  },
  {
    // The dependency graph of a window (lookback, or start and end): nodes and links with calls,
    // errors and latency percentiles.
    method: "GET",
    path: "/api/graph",
    handle: async ({ url }) => {
      const window = parseTracelightWindow(url.searchParams, Date.now() * 1000, searchSettings().limits);
      return json((await readGraph(window.startUs, window.endUs)) satisfies DependencyGraph);
    },
  },
  {
    // RED metrics of a window (lookback, or start and end) at a step, per service and operation, a
    // page at a time (lib/api/service-metrics.ts): the services, or the one `service` names.
    method: "GET",
    path: "/api/services/metrics",
    handle: async ({ url }) => {
      const window = parseTracelightWindow(url.searchParams, Date.now() * 1000, searchSettings().limits);
      const page = parseQuery(serviceMetricsQuerySchema, url.searchParams);
      const stepUs = page.step === undefined ? undefined : readDuration(url.searchParams, "step");
      return json(
        (await readServiceMetricsPage(
          window.startUs,
          window.endUs,
          page,
          stepUs,
        )) satisfies ServiceMetricsPage,
      );
    },
  },
  {
    // 200 while the database answers within a second, 503 while it does not: what a load balancer's
    // check needs. The cause goes to the log, never to the client (it may name hosts and ports).
    method: "GET",
    path: "/api/health",
    access: "public",
    handle: async () => {
      try {
        await pingDatabase();
        return json({ status: "ok", database: "up" } satisfies Health);
      } catch (error) {
        log.warn({ err: (error as Error).message }, "health check: the database did not answer");
        return {
          ...json({ status: "unavailable", database: "database unavailable" } satisfies Health, 503),
          headers: { "retry-after": String(UNAVAILABLE_RETRY_AFTER_S) },
        };
      }
    },
  },
];
