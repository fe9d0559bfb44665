"use client";

import { useQuery } from "@tanstack/react-query";
import { getJson } from "@/components/queries/get-json";
import { type SessionInfo, sessionInfoSchema } from "@/lib/api/session";

const sessionKeys = { all: ["session"] as const };

/** Who the browser reads as, for the header. */
export function useSessionQuery() {
  return useQuery({
    queryKey: sessionKeys.all,
    queryFn: (): Promise<SessionInfo> => getJson("/api/auth/session", sessionInfoSchema),
    staleTime: 60_000,
  });
}
