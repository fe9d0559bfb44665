"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { serviceMetricsPageSchema } from "@/lib/api/service-metrics";
import { getJson } from "./get-json";
import { queryKeys } from "./query-keys";

/**
 * A page of RED metrics (`GET /api/services/metrics`), read again every `refreshMs` when given: a
 * lookback window read again is moved to now by the server, under the same key. Off, it is not
 * read again on focus either: what is on screen stays until the engineer asks for other numbers. The numbers on
 * screen stay while the next are read, whether a refresh or another page (no flashing).
 */
export function useServiceMetricsQuery(apiQuery: string, refreshMs: number | false) {
  return useQuery({
    queryKey: queryKeys.serviceMetrics(apiQuery),
    queryFn: () => getJson(`/api/services/metrics?${apiQuery}`, serviceMetricsPageSchema),
    placeholderData: keepPreviousData,
    refetchInterval: refreshMs,
    refetchOnWindowFocus: refreshMs !== false,
    staleTime: 30_000,
    // A refused window (400) would be refused again: say so at once.
    retry: false,
  });
}
