import { encodeJaegerTrace, type JaegerTrace, jaegerEnvelope } from "../encode/jaeger-json";
import type { Span } from "../model/span";
import { listOperations, listServiceNames } from "../read/names";
import { searchTraces } from "../read/search";
import { readGraph } from "../read/services";
import { findTrace, findTraces, omissionMessage, truncationWarning } from "../read/traces";
import {
  parseJaegerDependenciesQuery,
  parseJaegerOperationsQuery,
  parseJaegerRaw,
  parseJaegerServicePath,
  parseJaegerTraceIds,
  parseJaegerTracesQuery,
} from "../search/jaeger-params";
import { skewCorrectedSpans } from "../trace/skew";
import { json, type Reply, type Route } from "./router";
import { searchSettings } from "./search-settings";

/**
 * Jaeger's HTTP JSON API (its query service's `http_handler.go`), as Jaeger UI and Grafana's Jaeger
 * data source call it. Everything is answered in the `{data, total, limit, offset, errors}` envelope,
 * refusals too (`errors: [{code, msg}]`): those clients read the message from there. POST
 * /api/traces is Jaeger Thrift ingest (lib/http/ingest.ts).
 */
const JAEGER_QUERIES: Omit<Route, "refused">[] = [
  {
    method: "GET",
    path: "/api/services",
    handle: async () => {
      const services = await listServiceNames();
      return jaegerReply(services, services.length);
    },
  },
  {
    // The legacy form: a service's span names.
    method: "GET",
    path: "/api/services/:service/operations",
    handle: async ({ params }) => {
      const operations = await listOperations(parseJaegerServicePath(params.service as string));
      const names = [...new Set(operations.map((operation) => operation.name))];
      return jaegerReply(names, names.length);
    },
  },
  {
    // A service's operations with their span kinds, optionally of one kind (`spanKind=server`).
    method: "GET",
    path: "/api/operations",
    handle: async ({ url }) => {
      const { service, kind } = parseJaegerOperationsQuery(url.searchParams);
      const operations = (await listOperations(service, { ...(kind ? { kind } : {}) })).map(
        ({ name, kind }) => ({ name, spanKind: kind.toLowerCase() }),
      );
      return jaegerReply(operations, operations.length);
    },
  },
  {
    // `traceID=…` (repeated) fetches those traces; otherwise a search.
    method: "GET",
    path: "/api/traces",
    handle: async ({ url }) => {
      const params = url.searchParams;
      const raw = parseJaegerRaw(params);
      const traceIds = parseJaegerTraceIds(params);
      const { limits, timeoutMs } = searchSettings();
      if (traceIds.length > 0) {
        const { traces, omitted } = await findTraces(traceIds);
        return json(
          jaegerEnvelope(
            traces.map((trace) => jaegerTrace(trace.spans, raw, truncationWarning(trace))),
            { errors: omitted.map((traceID) => ({ code: 413, msg: omissionMessage(traceID), traceID })) },
          ),
        );
      }
      const query = parseJaegerTracesQuery(params, Date.now() * 1000, limits);
      return jaegerReply((await searchTraces(query, timeoutMs)).map((spans) => jaegerTrace(spans, raw)));
    },
  },
  {
    // One trace; `raw=true` keeps the stored times and the two halves of a Zipkin shared span on one span id.
    method: "GET",
    path: "/api/traces/:traceId",
    handle: async ({ url, params }) => {
      const trace = await findTrace(params.traceId as string);
      const raw = parseJaegerRaw(url.searchParams);
      return jaegerReply([jaegerTrace(trace.spans, raw, truncationWarning(trace))]);
    },
  },
  {
    // Service dependency links of the calls in a window (endTs, lookback in ms).
    method: "GET",
    path: "/api/dependencies",
    handle: async ({ url }) => {
      const window = parseJaegerDependenciesQuery(
        url.searchParams,
        Date.now() * 1000,
        searchSettings().limits,
      );
      const { links } = await readGraph(window.startUs, window.endUs);
      return jaegerReply(links.map(({ parent, child, calls }) => ({ parent, child, callCount: calls })));
    },
  },
];

export const JAEGER_ROUTES: Route[] = withJaegerRefusals(JAEGER_QUERIES);

/** Routes of jaeger-query's, refusing as it does: status `code`, `{data: null, …, errors: [{code, msg}]}`. */
export function withJaegerRefusals(routes: Omit<Route, "refused">[]): Route[] {
  return routes.map((route) => ({
    ...route,
    refused: (code, msg) => json(jaegerEnvelope(null, { errors: [{ code, msg }] }), code),
  }));
}

/**
 * A trace as Jaeger's query service answers it: clock skew adjusted and the halves of a Zipkin shared
 * span given ids of their own, unless `raw=true` asks for the spans as stored.
 */
function jaegerTrace(spans: Span[], raw: boolean, warning?: string): JaegerTrace {
  return encodeJaegerTrace(raw ? spans : skewCorrectedSpans(spans), { raw, ...(warning ? { warning } : {}) });
}

function jaegerReply<T>(data: T, total = 0): Reply {
  return json(jaegerEnvelope(data, { total }));
}
