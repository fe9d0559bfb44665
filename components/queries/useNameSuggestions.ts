"use client";

import { keepPreviousData, skipToken, useQuery } from "@tanstack/react-query";
import { namesResponseSchema } from "@/lib/api/names";
import { getJson } from "./get-json";
import { queryKeys } from "./query-keys";

/** Where a picker's suggestions come from: the services, or one service's operations. */
export type NameSource = { kind: "services" } | { kind: "operations"; service: string };

/**
 * The names matching typed text (`GET /api/names/…`), for the search form's pickers; `q` undefined
 * while the picker is closed, when nothing is asked. A service's operations are only asked once a
 * service is named. The previous suggestions stay while the next load, so the list does not flicker.
 */
export function useNameSuggestions(source: NameSource, q: string | undefined) {
  const service = source.kind === "operations" ? source.service : "";
  const text = q ?? "";
  const asked = q !== undefined && (source.kind === "services" || service !== "");
  return useQuery({
    queryKey:
      source.kind === "services" ? queryKeys.serviceNames(text) : queryKeys.operationNames(service, text),
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
