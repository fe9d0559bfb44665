import type { PathThrough } from "../api/service-paths";
import { MAX_PATH_OPERATIONS, type ServicePaths, type ServicePathsQuery } from "../api/service-paths";
import { readStoredPaths } from "../db/service-paths";
import { sliceAround } from "../services/service-paths";

/**
 * Services over time, from the hourly aggregates (O(buckets), never spans): the dependency graph of a
 * window, the services page's RED metrics, and the call paths through a service.
 */
export { readGraph } from "../db/graph";
export { readServiceMetricsPage } from "../db/red";

/**
 * The distinct call paths through `query.service` (and `query.operation`) that traces took in a
 * window (µs), split around the service (lib/services/service-paths.ts), the busiest `query.limit`.
 */
export async function readServicePaths(
  startUs: number,
  endUs: number,
  query: ServicePathsQuery,
): Promise<ServicePaths> {
  const focus = { service: query.service, operation: query.operation };
  const stored = await readStoredPaths(startUs, endUs, focus, query.limit, MAX_PATH_OPERATIONS);
  const paths = stored.paths
    .map(({ path, traces }) => sliceAround(path, focus, traces))
    .filter((path): path is PathThrough => path !== undefined);
  return {
    service: query.service,
    operation: query.operation ?? null,
    paths,
    more: Math.max(0, stored.total - paths.length),
    operations: stored.operations,
  };
}
