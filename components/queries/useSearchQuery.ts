"use client";

import { keepPreviousData, skipToken, useQuery } from "@tanstack/react-query";
import { searchResponseSchema } from "@/lib/api/search";
import { getJson } from "./get-json";
import { queryKeys } from "./query-keys";

/**
 * The traces a search page URL's query string asks for (`GET /api/search`). Each search is cached by
 * its URL for a while, so back and forward show their results at once; the previous results stay on
 * screen while the next ones load. Undefined asks nothing yet (the trace page's typical trace, until
 * it is wanted).
 */
export function useSearchQuery(queryString: string | undefined) {
  return useQuery({
    queryKey: queryKeys.search(queryString ?? ""),
    queryFn:
      queryString === undefined
        ? skipToken
        : () => getJson(`/api/search?${queryString}`, searchResponseSchema),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    // A refused search (400) or one past the time limit (503) would fail again: say so at once.
    retry: false,
  });
}
