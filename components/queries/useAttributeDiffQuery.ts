"use client";

import { skipToken, useQuery } from "@tanstack/react-query";
import { attributeDiffSchema } from "@/lib/api/attribute-diff";
import { getJson } from "./get-json";
import { queryKeys } from "./query-keys";

/**
 * The attributes that tell a selection from the rest of a search (`GET /api/attribute-diff`), for
 * its query string (lib/search/diff-selection.ts), or nothing while there is no selection. New spans
 * move the shares only slowly, so an answer is kept for a minute.
 */
export function useAttributeDiffQuery(apiQuery: string | undefined) {
  return useQuery({
    queryKey: queryKeys.attributeDiff(apiQuery ?? ""),
    queryFn:
      apiQuery === undefined
        ? skipToken
        : () => getJson(`/api/attribute-diff?${apiQuery}`, attributeDiffSchema),
    staleTime: 60_000,
    // A refused selection (400) would be refused again: say so at once.
    retry: false,
  });
}
