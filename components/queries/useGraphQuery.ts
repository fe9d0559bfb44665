"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { dependencyGraphSchema } from "@/lib/api/graph";
import { getJson } from "./get-json";
import { queryKeys } from "./query-keys";

/**
 * The dependency graph of a window (`GET /api/graph`). A lookback's graph moves as links are derived,
 * so it is read again after 30 s; the previous graph stays on screen while the next one loads.
 */
export function useGraphQuery(apiQuery: string) {
  return useQuery({
    queryKey: queryKeys.graph(apiQuery),
    queryFn: () => getJson(`/api/graph?${apiQuery}`, dependencyGraphSchema),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    // A refused window (400) would be refused again: say so at once.
    retry: false,
  });
}
