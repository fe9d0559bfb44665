"use client";

import { useQuery } from "@tanstack/react-query";
import { type Health, healthSchema } from "@/lib/api/health";

const healthKeys = { all: ["health"] as const };

/** The server's and the database's state, re-checked every 15 s. */
export function useHealthQuery() {
  return useQuery({
    queryKey: healthKeys.all,
    queryFn: async (): Promise<Health> => healthSchema.parse(await (await fetch("/api/health")).json()),
    refetchInterval: 15_000,
  });
}
