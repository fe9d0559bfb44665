"use client";

import { type QueryClient, useQuery } from "@tanstack/react-query";
import type { TraceAnalysis } from "@/lib/api/analysis";
import type { StoredTrace } from "@/lib/api/trace";
import { getJson } from "./get-json";

// The analysis is under its trace's key, so forgetting a trace forgets its analysis too.
const traceKeys = {
  one: (traceId: string) => ["trace", traceId] as const,
  analysis: (traceId: string, rawTimes: boolean) => ["trace", traceId, "analysis", rawTimes] as const,
};

/** A stored trace, from `GET /api/trace/{id}`; a trace does not change once read, so it is never refetched. */
export function useTrace(traceId: string) {
  return useQuery({
    queryKey: traceKeys.one(traceId),
    queryFn: () => getJson<StoredTrace>(`/api/trace/${traceId}`),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/**
 * The trace's analysis (critical path, self times, baselines, diagnosis), on raw or skew-corrected
 * times as the page shows them. Baselines move as spans arrive, so it is read again after a minute.
 */
export function useTraceAnalysis(traceId: string, rawTimes: boolean) {
  return useQuery({
    queryKey: traceKeys.analysis(traceId, rawTimes),
    queryFn: () => getJson<TraceAnalysis>(`/api/traces/${traceId}/analysis${rawTimes ? "?skew=off" : ""}`),
    staleTime: 60_000,
  });
}

/** Forgets traces read before an upload added spans to them, so their pages read them again. */
export function forgetTraces(queryClient: QueryClient, traceIds: string[]): void {
  for (const traceId of traceIds) queryClient.removeQueries({ queryKey: traceKeys.one(traceId) });
}
