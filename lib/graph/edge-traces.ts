import { traceqlQueryString } from "../search/traceql-url";
import type { NodeKind } from "../services/links";
import { type GraphWindow, windowParams } from "../time/window";
import { quote } from "../traceql/from-search";

/**
 * The TraceQL query for the traces that made a link, as the search page's TraceQL mode runs it:
 *
 * - service → service: `{ resource.service.name = "A" } > { resource.service.name = "B" }`, a span
 *   of B whose parent is a span of A. That is each way links.ts counts a call between two services:
 *   B's server span under A's client span, and B's client span under A's inbound span (Zipkin's
 *   missing link, B's server side unrecorded).
 * - service → database, queue or external service: the peer sends no spans and its name is made from
 *   the caller's attributes or remote endpoint, which TraceQL does not read as one field; the query
 *   asks for A's calls out (client and producer spans), the traces the link was counted from among them.
 * - queue (or database) → service: a consumer reading from a broker: B's consumer spans.
 */
export function edgeTraceQL(
  parent: string,
  child: string,
  parentKind: NodeKind,
  childKind: NodeKind,
): string {
  const service = (name: string) => `resource.service.name = ${quote(name)}`;
  if (parentKind !== "service") return `{ ${service(child)} && (kind = consumer || kind = server) }`;
  if (childKind !== "service") return `{ ${service(parent)} && (kind = client || kind = producer) }`;
  return `{ ${service(parent)} } > { ${service(child)} }`;
}

/** The search page in TraceQL mode over the graph's window, for a link's traces. */
export function edgeTracesHref(
  link: { parent: string; child: string },
  kindOf: (name: string) => NodeKind,
  window: GraphWindow,
): string {
  const q = edgeTraceQL(link.parent, link.child, kindOf(link.parent), kindOf(link.child));
  const windowFields = Object.fromEntries(windowParams(window));
  return `/search?${traceqlQueryString({ q, ...windowFields })}`;
}
