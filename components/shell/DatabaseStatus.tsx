"use client";

import { useHealthQuery } from "@/components/queries/useHealthQuery";

export function DatabaseStatus() {
  const { data, isError } = useHealthQuery();
  const up = data?.status === "ok";
  const label = isError ? "server unreachable" : !data ? "checking…" : up ? "database up" : "database down";
  return (
    <span
      className="flex items-center gap-2 text-xs text-slate-500"
      title={data?.database}
      data-testid="db-status"
    >
      <span
        className={`size-2 rounded-full ${up ? "bg-emerald-500" : data || isError ? "bg-red-500" : "bg-slate-400"}`}
      />
      {label}
    </span>
  );
}
