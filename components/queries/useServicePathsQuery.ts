"use client";

import { keepPreviousData, skipToken, useQuery } from "@tanstack/react-query";
import { servicePathsSchema } from "@/lib/api/service-paths";
import { getJson } from "./get-json";
import { queryKeys } from "./query-keys";

/**
 * The call paths through a service (`GET /api/services/paths`), asked with the query string
 * lib/services/service-paths-view.ts builds; nothing is asked while it is "" (no service focused).
 * Paths are derived as traces complete, so a lookback's are read again after 30 s; the previous
 * answer stays on screen while the next one loads.
 */
export function useServicePathsQuery(apiQuery: string) {
  return useQuery({
    queryKey: queryKeys.servicePaths(apiQuery),
    queryFn:
      apiQuery === "" ? skipToken : () => getJson(`/api/services/paths?${apiQuery}`, servicePathsSchema),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    // A refused window or name (400) would be refused again: say so at once.
    retry: false,
  });
}
