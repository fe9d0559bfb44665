"use client";

import { useSearchParams } from "next/navigation";
import { useCallback } from "react";

/**
 * One query parameter of the page's URL as state, so every view can be shared by its URL. Writes
 * replace the history entry through the History API, which Next.js keeps `useSearchParams` in step
 * with, without a server round trip or a re-render of the page's server components.
 */
export function useUrlParam(name: string): [string | null, (value: string | null) => void] {
  const value = useSearchParams().get(name);
  const setValue = useCallback(
    (next: string | null) => {
      const params = new URLSearchParams(window.location.search);
      if (next === null) params.delete(name);
      else params.set(name, next);
      const query = params.toString();
      window.history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
    },
    [name],
  );
  return [value, setValue];
}
