"use client";

import { type QueryClient, useQuery } from "@tanstack/react-query";
import { baselinesResponseSchema, baselinesUrls, historyOf } from "@/lib/api/baselines";
import { storedTraceSchema } from "@/lib/api/trace";
import { getJson } from "./get-json";
import { queryKeys } from "./query-keys";

/**
 * A stored trace, from `GET /api/trace/{id}`: the one request of a trace page that names its trace. A
 * trace does not change once read, so it is never refetched.
 */
export function useTraceQuery(traceId: string) {
  return useQuery({
    queryKey: queryKeys.trace(traceId),
    queryFn: () => getJson(`/api/trace/${traceId}`, storedTraceSchema),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/**
 * The latency histograms of a trace's operations over a window (µs), keyed by operationKey, from
 * `GET /api/baselines`: asked by operation, in as few requests as the URL allows. Baselines move as
 * spans arrive, so they are read again after a minute.
 */
export function useBaselinesQuery(
  traceId: string,
  operations: readonly { service: string; name: string }[],
  window: { startUs: number; endUs: number },
) {
  return useQuery({
    queryKey: queryKeys.baselines(traceId),
    queryFn: async () => {
      const urls = baselinesUrls(operations, window.startUs, window.endUs);
      return historyOf(await Promise.all(urls.map((url) => getJson(url, baselinesResponseSchema))));
    },
    staleTime: 60_000,
  });
}

/** Forgets traces read before an upload added spans to them, so their pages read them again. */
export function forgetTraces(queryClient: QueryClient, traceIds: string[]): void {
  for (const traceId of traceIds) queryClient.removeQueries({ queryKey: queryKeys.trace(traceId) });
}
