import { jaegerTraceSummary, jaegerV3Result } from "../encode/jaeger-v3";
import { RequestError } from "../errors";
import { listOperations, listServiceNames } from "../read/names";
import { searchTraces } from "../read/search";
import { findTrace } from "../read/traces";
import {
  parseJaegerV3Operations,
  parseJaegerV3Raw,
  parseJaegerV3Search,
  parseJaegerV3TraceId,
} from "../search/jaeger-v3-params";
import { skewCorrectedSpans } from "../trace/skew";
import { json, type Route } from "./router";
import { searchSettings } from "./search-settings";

/**
 * Jaeger's API v3 (the OTLP-based query API of Jaeger v2's HTTP gateway), as Jaeger UI 2.15+ calls
 * it for services and operations and 2.19+ for its search (`trace-summaries`). Traces are answered
 * clock-skew adjusted unless `rawTraces`, as by Jaeger's query service; refusals are
 * `{"error": {"httpCode", "message"}}`, and a search or trace that finds nothing is Jaeger's 404.
 */
const V3_QUERIES: Omit<Route, "refused">[] = [
  {
    method: "GET",
    path: "/api/v3/services",
    handle: async () => json({ services: await listServiceNames() }),
  },
  {
    method: "GET",
    path: "/api/v3/operations",
    handle: async ({ url }) => {
      const { service, kind } = parseJaegerV3Operations(url.searchParams);
      const operations = await listOperations(service, { ...(kind ? { kind } : {}) });
      return json({
        operations: operations.map(({ name, kind }) => ({ name, spanKind: kind.toLowerCase() })),
      });
    },
  },
  {
    method: "GET",
    path: "/api/v3/traces",
    handle: async ({ url }) => {
      const { limits, timeoutMs } = searchSettings();
      const { query, raw } = parseJaegerV3Search(url.searchParams, limits);
      const traces = await searchTraces(query, timeoutMs);
      if (traces.length === 0) throw new RequestError(404, "No traces found");
      return json(jaegerV3Result(traces.flatMap((spans) => (raw ? spans : skewCorrectedSpans(spans)))));
    },
  },
  {
    method: "GET",
    path: "/api/v3/traces/:traceId",
    handle: async ({ url, params }) => {
      const { spans } = await findTrace(parseJaegerV3TraceId(params.traceId as string));
      return json(jaegerV3Result(parseJaegerV3Raw(url.searchParams) ? spans : skewCorrectedSpans(spans)));
    },
  },
  {
    method: "GET",
    path: "/api/v3/trace-summaries",
    handle: async ({ url }) => {
      const { limits, timeoutMs } = searchSettings();
      const { query } = parseJaegerV3Search(url.searchParams, limits);
      const traces = await searchTraces(query, timeoutMs);
      return json({ summaries: traces.map((spans) => jaegerTraceSummary(skewCorrectedSpans(spans))) });
    },
  },
];

export const JAEGER_V3_ROUTES: Route[] = V3_QUERIES.map((route) => ({
  ...route,
  refused: (httpCode, message) => json({ error: { httpCode, message } }, httpCode),
}));
