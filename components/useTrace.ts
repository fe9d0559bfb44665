"use client";

import { useQuery } from "@tanstack/react-query";
import type { Span } from "@/lib/model/span";

/** A stored trace's spans, from `GET /api/trace/{id}`; a trace does not change once read, so it is never refetched. */
export function useTrace(traceId: string) {
  return useQuery({
    queryKey: ["trace", traceId],
    queryFn: async (): Promise<Span[]> => {
      const response = await fetch(`/api/trace/${traceId}`);
      const body = (await response.json()) as { spans: Span[] } | { error: string };
      if ("error" in body) throw new Error(body.error);
      return body.spans;
    },
    staleTime: Number.POSITIVE_INFINITY,
  });
}
