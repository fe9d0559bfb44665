"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { serviceMetricsPageSchema } from "@/lib/api/service-metrics";
import { getJson } from "./get-json";
import { queryKeys } from "./query-keys";

/**
 * A page of RED metrics (`GET /api/services/metrics`). The current hour's numbers grow as spans
 * arrive, so they are read again after 30 s; the previous page stays on screen while the next loads.
 */
export function useServiceMetricsQuery(apiQuery: string) {
  return useQuery({
    queryKey: queryKeys.serviceMetrics(apiQuery),
    queryFn: () => getJson(`/api/services/metrics?${apiQuery}`, serviceMetricsPageSchema),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    // A refused window (400) would be refused again: say so at once.
    retry: false,
  });
}
