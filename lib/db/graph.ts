import { buildGraph, type DependencyGraph, type LinkBucketRow } from "../services/dependency-graph";
import type { NodeKind } from "../services/links";
import { overlappedHoursUs } from "../time/hours";
import { withinHours } from "./hour-window";
import { db } from "./pool";

/**
 * The dependency graph of the calls that started in a window (µs), widened to the whole UTC hours it
 * overlaps: the graph is kept per hour (lib/db/links.ts). One query over `dependency_links`, whose
 * size is links × hours × latency buckets whatever the number of spans, then one over the nodes'
 * kinds. Sums are float8: a busy link's calls over a week can pass an int's 2^31.
 */
export async function readGraph(startUs: number, endUs: number): Promise<DependencyGraph> {
  const { rows } = await db().readPool.query<LinkBucketRow>(
    `SELECT parent, child, bucket, sum(calls)::float8 AS calls, sum(errors)::float8 AS errors
     FROM dependency_links WHERE ${withinHours("hour_us", 1)}
     GROUP BY parent, child, bucket`,
    overlappedHoursUs(startUs, endUs),
  );
  const names = [...new Set(rows.flatMap((row) => [row.parent, row.child]))];
  const { rows: kinds } = await db().readPool.query<{ name: string; kind: NodeKind }>(
    "SELECT name, kind FROM graph_nodes WHERE name = ANY($1)",
    [names],
  );
  return buildGraph(rows, new Map(kinds.map(({ name, kind }) => [name, kind])));
}
