"use client";

import { keepPreviousData, skipToken, useQuery } from "@tanstack/react-query";
import { getJson } from "@/components/queries/get-json";
import { namesResponseSchema } from "@/lib/api/names";
import type { SearchResponse } from "@/lib/api/search";

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

const nameKeys = {
  services: (q: string) => ["names", "services", q] as const,
  operations: (service: string, q: string) => ["names", "operations", service, q] as const,
};

/** Where a picker's suggestions come from: the services, or one service's operations. */
export type NameSource = { kind: "services" } | { kind: "operations"; service: string };

/**
 * The names matching typed text (GET /api/names/…), for the search form's pickers; `q` undefined
 * while the picker is closed, when nothing is asked. A service's operations are only asked once a
 * service is named. The previous suggestions stay while the next load, so the list does not flicker.
 */
export function useNameSuggestions(source: NameSource, q: string | undefined) {
  const service = source.kind === "operations" ? source.service : "";
  const text = q ?? "";
  const asked = q !== undefined && (source.kind === "services" || service !== "");
  return useQuery({
    queryKey: source.kind === "services" ? nameKeys.services(text) : nameKeys.operations(service, text),
    queryFn: asked
      ? async () => {
          const params = new URLSearchParams({
            q: text,
            ...(source.kind === "operations" ? { service } : {}),
          });
          return (await getJson(`/api/names/${source.kind}?${params}`, namesResponseSchema)).names;
        }
      : skipToken,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}
