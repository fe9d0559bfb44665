"use client";

import { skipToken, useQuery } from "@tanstack/react-query";
import { traceqlTagsResponseSchema, traceqlTagValuesResponseSchema } from "@/lib/api/traceql";
import { getJson } from "./get-json";
import { queryKeys } from "./query-keys";

/**
 * Attribute names on recent spans by scope (`GET /api/traceql/tags`), for the TraceQL editor's
 * suggestions; asked once the editor wants them (`enabled`), then kept for a few minutes.
 */
export function useTraceQLTags(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.traceqlTags,
    queryFn: enabled ? () => getJson("/api/traceql/tags", traceqlTagsResponseSchema) : skipToken,
    staleTime: 300_000,
  });
}

/**
 * A field's values on recent spans (`GET /api/traceql/tag-values?tag=`), typed as TraceQL writes them;
 * `tag` undefined asks nothing.
 */
export function useTraceQLTagValues(tag: string | undefined) {
  return useQuery({
    queryKey: queryKeys.traceqlTagValues(tag ?? ""),
    queryFn:
      tag === undefined
        ? skipToken
        : async () =>
            (
              await getJson(
                `/api/traceql/tag-values?${new URLSearchParams({ tag })}`,
                traceqlTagValuesResponseSchema,
              )
            ).values,
    staleTime: 60_000,
    retry: false,
  });
}
