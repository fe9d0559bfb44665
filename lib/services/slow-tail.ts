import { appendTag } from "../search/append-tag";
import { attributeDiffApiQuery, diffSelectionOf, durationParam } from "../search/diff-selection";
import { tracesHref } from "../search/search-url";
import { type GraphWindow, windowParams } from "../time/window";

/**
 * "What's in the slow tail?" on the services page: an operation's spans slower than its p95 in the
 * window, compared with its other spans (`GET /api/attribute-diff` with scope=span). The page's URL
 * keeps it as `tailService`, `tailOperation` and `slowerThan` (the p95 when it was asked, so a
 * copied link compares the same spans however the p95 moves since).
 */
export interface SlowTail {
  service: string;
  operation: string;
  slowerThanUs: number;
}

/** The slow tail a services page URL shows, or undefined. */
export function slowTailOf(params: URLSearchParams): SlowTail | undefined {
  const service = params.get("tailService");
  const operation = params.get("tailOperation");
  const selection = diffSelectionOf(params);
  if (service === null || operation === null || selection?.kind !== "slowerThan") return undefined;
  return { service, operation, slowerThanUs: selection.durationUs };
}

/** The services page's query string `pageQuery` showing `tail`, or without any when undefined. */
export function slowTailPageQuery(pageQuery: string, tail: SlowTail | undefined): string {
  const params = new URLSearchParams(pageQuery);
  for (const key of ["tailService", "tailOperation", "slowerThan"]) params.delete(key);
  if (tail) {
    params.set("tailService", tail.service);
    params.set("tailOperation", tail.operation);
    params.set("slowerThan", durationParam(tail.slowerThanUs));
  }
  return params.toString();
}

/** `GET /api/attribute-diff`'s query for the tail: the operation's spans in the window. */
export function slowTailApiQuery(tail: SlowTail, window: GraphWindow): string {
  return attributeDiffApiQuery(
    { service: tail.service, operation: tail.operation, ...Object.fromEntries(windowParams(window)) },
    { kind: "slowerThan", durationUs: tail.slowerThanUs },
    "span",
  );
}

/** The search for the operation's traces in the window with one attribute of the tail as a filter. */
export function slowTailFilterHref(tail: SlowTail, window: GraphWindow, tag: string): string {
  const href = tracesHref(tail.service, window, { operation: tail.operation });
  const [path, query] = href.split("?");
  const params = new URLSearchParams(query);
  params.set("tags", appendTag("", tag));
  return `${path}?${params}`;
}
