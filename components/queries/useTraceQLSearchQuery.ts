"use client";

import { keepPreviousData, skipToken, useQuery } from "@tanstack/react-query";
import { readAnswer } from "@/lib/api/read-answer";
import { type QueryPosition, traceqlRefusalSchema, traceqlSearchResponseSchema } from "@/lib/api/traceql";
import { queryKeys } from "./query-keys";

/** A query the server could not parse, with where, for the editor to underline. */
export class TraceQLQueryError extends Error {
  constructor(
    message: string,
    readonly position: QueryPosition,
  ) {
    super(message);
    this.name = "TraceQLQueryError";
  }
}

/**
 * The traces a TraceQL query matches (`GET /api/search/traceql`), with the spans it selected; the
 * search page's URL gives the query string (q, window, limit), undefined asks nothing. A 400 for the
 * query itself is a TraceQLQueryError; anything else reads as every answer does (getJson).
 */
export function useTraceQLSearchQuery(queryString: string | undefined) {
  return useQuery({
    queryKey: queryKeys.traceqlSearch(queryString ?? ""),
    queryFn:
      queryString === undefined
        ? skipToken
        : async () => {
            const response = await fetch(`/api/search/traceql?${queryString}`);
            const text = await response.text();
            if (response.status === 400) {
              const refusal = traceqlRefusalSchema.safeParse(parseJson(text));
              if (refusal.success) throw new TraceQLQueryError(refusal.data.error, refusal.data.position);
            }
            const { status, statusText } = response;
            return readAnswer(new Response(text, { status, statusText }), traceqlSearchResponseSchema);
          },
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    // A refused query (400) or one past the time limit (503) would fail again: say so at once.
    retry: false,
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
