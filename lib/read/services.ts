/**
 * Services over time, from the hourly aggregates (O(buckets), never spans): the dependency graph of a
 * window and the services page's RED metrics.
 */
export { readGraph } from "../db/graph";
export { readServiceMetricsPage } from "../db/red";
