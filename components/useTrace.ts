"use client";

import { type QueryClient, useQuery } from "@tanstack/react-query";
import type { Span } from "@/lib/model/span";
import { getJson } from "./get-json";

const traceKeys = { one: (traceId: string) => ["trace", traceId] as const };

/** A stored trace's spans, from `GET /api/trace/{id}`; a trace does not change once read, so it is never refetched. */
export function useTrace(traceId: string) {
  return useQuery({
    queryKey: traceKeys.one(traceId),
    queryFn: async () => (await getJson<{ spans: Span[] }>(`/api/trace/${traceId}`)).spans,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Forgets traces read before an upload added spans to them, so their pages read them again. */
export function forgetTraces(queryClient: QueryClient, traceIds: string[]): void {
  for (const traceId of traceIds) queryClient.removeQueries({ queryKey: traceKeys.one(traceId) });
}
