"use client";

import { useQuery } from "@tanstack/react-query";
import { healthSchema } from "@/lib/api/health";
import { getJson } from "./get-json";
import { queryKeys } from "./query-keys";

/**
 * The server's and the database's state (`GET /api/health`, a 503 with the same body while the
 * database is down), re-checked every 15 s.
 */
export function useHealthQuery() {
  return useQuery({
    queryKey: queryKeys.health,
    queryFn: () => getJson("/api/health", healthSchema),
    refetchInterval: 15_000,
  });
}
