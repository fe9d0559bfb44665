import type { PathElement, PathThrough } from "../api/service-paths";
import { type GraphWindow, windowParams } from "../time/window";

/**
 * What the dependencies page's list of the paths through a service (components/dependencies/
 * ServicePaths.tsx) shows beside the answer of `GET /api/services/paths`: its query string, each
 * row's key and description, and the width of each row's bar.
 */

/** The query string of `GET /api/services/paths` for a focus and window; "" when no service is focused. */
export function servicePathsApiQuery(window: GraphWindow, service: string, operation?: string): string {
  if (service === "") return "";
  const params = windowParams(window);
  params.set("service", service);
  if (operation) params.set("operation", operation);
  return params.toString();
}

/** A hop as people read it: "api · GET /items". */
export function describeHop({ service, operation }: PathElement): string {
  return operation === "" ? service : `${service} · ${operation}`;
}

/** A path as one line, the focus in brackets: "web → [api] → postgres". For keys and labels. */
export function describePath({ upstream, focus, downstream }: PathThrough): string {
  return [...upstream.map(describeHop), `[${describeHop(focus)}]`, ...downstream.map(describeHop)].join(
    " → ",
  );
}

/** Each path's traces as a share of the busiest path's, 0..1, for its bar; 0 for every path of none. */
export function pathShares(paths: readonly PathThrough[]): number[] {
  const busiest = paths.reduce((most, path) => Math.max(most, path.traces), 0);
  return paths.map((path) => (busiest > 0 ? Math.min(1, Math.max(0, path.traces / busiest)) : 0));
}
