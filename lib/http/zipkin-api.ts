import { encodeZipkinV2 } from "../encode/zipkin-v2";
import {
  listAutocompleteValues,
  listOperations,
  listRemoteServiceNames,
  listServiceNames,
} from "../read/names";
import { searchTraces } from "../read/search";
import { readGraph } from "../read/services";
import { findTrace, findTraces } from "../read/traces";
import { requireParam } from "../search/params";
import {
  parseZipkinDependenciesQuery,
  parseZipkinServiceName,
  parseZipkinTraceIds,
  parseZipkinTracesQuery,
} from "../search/zipkin-params";
import { json, type Route } from "./router";
import { searchSettings } from "./search-settings";

/**
 * Zipkin's v2 query API (zipkin2-api.yaml), as Zipkin Lens and Grafana's Zipkin data source call it.
 * Names are matched whatever their case, as Zipkin's storage lower-cases them. POST /api/v2/spans is
 * ingest (lib/http/ingest.ts).
 */
export const ZIPKIN_ROUTES: Route[] = [
  {
    method: "GET",
    path: "/api/v2/services",
    handle: async () => json(await listServiceNames()),
  },
  {
    // The services a service called or was called by, sorted.
    method: "GET",
    path: "/api/v2/remoteServices",
    handle: async ({ url }) => {
      const serviceName = parseZipkinServiceName(url.searchParams);
      return json(await listRemoteServiceNames(serviceName, { ignoreCase: true }));
    },
  },
  {
    // The span names of a service, sorted.
    method: "GET",
    path: "/api/v2/spans",
    handle: async ({ url }) => {
      const serviceName = parseZipkinServiceName(url.searchParams);
      const operations = await listOperations(serviceName, { ignoreCase: true });
      return json([...new Set(operations.map((operation) => operation.name))]);
    },
  },
  {
    // Search, newest trace first, each trace as its list of spans.
    method: "GET",
    path: "/api/v2/traces",
    handle: async ({ url }) => {
      const { limits, timeoutMs } = searchSettings();
      const query = parseZipkinTracesQuery(url.searchParams, Date.now(), limits);
      return json((await searchTraces(query, timeoutMs)).map(encodeZipkinV2));
    },
  },
  {
    method: "GET",
    path: "/api/v2/trace/:traceId",
    handle: async ({ params }) => json(encodeZipkinV2((await findTrace(params.traceId as string)).spans)),
  },
  {
    // Several traces by id, in the order asked; ids not stored are left out, and so are those past
    // TRACELIGHT_MAX_TRACE_SPANS (Zipkin's answer has nowhere to say so).
    method: "GET",
    path: "/api/v2/traceMany",
    handle: async ({ url }) => {
      const { traces } = await findTraces(parseZipkinTraceIds(url.searchParams));
      return json(traces.map((trace) => encodeZipkinV2(trace.spans)));
    },
  },
  {
    // Dependency links of the calls in a window (endTs, lookback in ms); errorCount only when > 0,
    // as Zipkin writes it.
    method: "GET",
    path: "/api/v2/dependencies",
    handle: async ({ url }) => {
      const window = parseZipkinDependenciesQuery(url.searchParams, searchSettings().limits);
      const { links } = await readGraph(window.startUs, window.endUs);
      return json(
        links.map(({ parent, child, calls, errors }) => ({
          parent,
          child,
          callCount: calls,
          ...(errors > 0 ? { errorCount: errors } : {}),
        })),
      );
    },
  },
  {
    // The tag keys configured for autocompletion (TRACELIGHT_AUTOCOMPLETE_KEYS), sorted.
    method: "GET",
    path: "/api/v2/autocompleteKeys",
    handle: async () => json([...searchSettings().autocompleteKeys].sort()),
  },
  {
    // The values stored for one of those keys, sorted; none for a key not configured.
    method: "GET",
    path: "/api/v2/autocompleteValues",
    handle: async ({ url }) => json(await listAutocompleteValues(requireParam(url.searchParams, "key"))),
  },
];
