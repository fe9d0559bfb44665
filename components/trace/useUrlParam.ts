"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useState } from "react";

/**
 * One query parameter of the page's URL as state, so every view can be shared by its URL. The page
 * reads it once; changes are state first (the view updates at once) and then replace the history
 * entry through the History API, with no server round trip.
 */
export function useUrlParam(name: string): [string | null, (value: string | null) => void] {
  const [value, setLocalValue] = useState(useSearchParams().get(name));
  const setValue = useCallback(
    (next: string | null) => {
      setLocalValue(next);
      const params = new URLSearchParams(window.location.search);
      if (next === null) params.delete(name);
      else params.set(name, next);
      const query = params.toString();
      window.history.replaceState(window.history.state, "", query ? `?${query}` : window.location.pathname);
    },
    [name],
  );
  return [value, setValue];
}
