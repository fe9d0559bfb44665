"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { SearchResponse } from "@/lib/api/search";
import { getJson } from "./get-json";

/**
 * The traces a search page URL's query string asks for. Each search is cached by its URL for a
 * while, so back and forward show their results at once; the previous results stay on screen while
 * the next ones load.
 */
export function useTraceSearch(queryString: string) {
  return useQuery({
    queryKey: ["search", queryString],
    queryFn: () => getJson<SearchResponse>(`/api/search?${queryString}`),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    // A refused search (400) or one past the time limit (503) would fail again: say so at once.
    retry: false,
  });
}

/** Service names for the form; they change rarely, so they are kept a minute. */
export function useServiceNames() {
  return useQuery({
    queryKey: ["services"],
    queryFn: () => getJson<string[]>("/api/v2/services"),
    staleTime: 60_000,
  });
}

/** A service's span names, once a service is chosen. */
export function useOperationNames(service: string) {
  return useQuery({
    queryKey: ["operations", service],
    queryFn: () => getJson<string[]>(`/api/v2/spans?${new URLSearchParams({ serviceName: service })}`),
    enabled: service !== "",
    staleTime: 60_000,
  });
}
