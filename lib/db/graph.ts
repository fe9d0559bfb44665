import { MAX_GRAPH_LINKS } from "../api/graph";
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
 *
 * At most `maxLinks` links, the busiest (then by name, so answers are stable): an estate of
 * thousands of services still answers in bounded rows and bytes, with `omittedLinks` saying how many
 * quieter links were left out. The page draws a focus's neighbourhood or lists the whole, so the
 * links it needs are the busy ones.
 */
export async function readGraph(
  startUs: number,
  endUs: number,
  maxLinks = MAX_GRAPH_LINKS,
): Promise<DependencyGraph> {
  const { rows } = await db().readPool.query<LinkBucketRow & { links: number }>(
    `WITH summed AS (
       SELECT parent, child, bucket, sum(calls)::float8 AS calls, sum(errors)::float8 AS errors
       FROM dependency_links WHERE ${withinHours("hour_us", 1)}
       GROUP BY parent, child, bucket
     ), links AS (
       SELECT parent, child, sum(calls) AS calls FROM summed GROUP BY parent, child HAVING sum(calls) > 0
     ), busiest AS (
       SELECT parent, child FROM links ORDER BY calls DESC, parent, child LIMIT $3
     )
     SELECT s.parent, s.child, s.bucket, s.calls, s.errors, (SELECT count(*) FROM links)::int AS links
     FROM summed s JOIN busiest USING (parent, child)`,
    [...overlappedHoursUs(startUs, endUs), maxLinks],
  );
  const names = [...new Set(rows.flatMap((row) => [row.parent, row.child]))];
  const { rows: kinds } = await db().readPool.query<{ name: string; kind: NodeKind }>(
    "SELECT name, kind FROM graph_nodes WHERE name = ANY($1)",
    [names],
  );
  const graph = buildGraph(rows, new Map(kinds.map(({ name, kind }) => [name, kind])));
  const omitted = (rows[0]?.links ?? 0) - graph.links.length;
  return omitted > 0 ? { ...graph, omittedLinks: omitted } : graph;
}
