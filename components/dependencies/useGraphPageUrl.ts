"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback } from "react";
import { type GraphPageState, graphPageQuery, graphPageState } from "@/lib/graph/graph-url";

/**
 * The dependencies page's state, read from the URL on every render (so back and forward restore it),
 * and its one way to change it. A new time range is a navigation (as on the search page); a new focus
 * or hop count a history entry of its own, through the History API with no server round trip, so
 * back returns to the previous neighbourhood; a view toggle (layout, list, folded leaves) replaces the
 * entry. Next.js follows a state of no state of its own (useSearchParams updates); passing
 * window.history.state on would make it look away.
 */
export function useGraphPageUrl(): {
  state: GraphPageState;
  update(change: Partial<GraphPageState>, how: "navigate" | "push" | "replace"): void;
} {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const state = graphPageState(new URLSearchParams(params.toString()));
  const update = useCallback(
    (change: Partial<GraphPageState>, how: "navigate" | "push" | "replace") => {
      const current = graphPageState(new URLSearchParams(window.location.search));
      const query = graphPageQuery({ ...current, ...change });
      const url = query ? `${pathname}?${query}` : pathname;
      if (how === "navigate") router.push(url);
      else if (how === "push") window.history.pushState(null, "", url);
      else window.history.replaceState(null, "", url);
    },
    [router, pathname],
  );
  return { state, update };
}
