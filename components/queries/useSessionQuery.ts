"use client";

import { useQuery } from "@tanstack/react-query";
import { sessionInfoSchema } from "@/lib/api/session";
import { getJson } from "./get-json";
import { queryKeys } from "./query-keys";

/** Who the browser reads as (`GET /api/auth/session`), for the header. */
export function useSessionQuery() {
  return useQuery({
    queryKey: queryKeys.session,
    queryFn: () => getJson("/api/auth/session", sessionInfoSchema),
    staleTime: 60_000,
  });
}
