import { describe, expect, it } from "vitest";
import { type DependencyGraph, MAX_GRAPH_LINKS } from "../../lib/api/graph";
import { DAY_US, floorHourUs, HOUR_US } from "../../lib/time/hours";
import { baseUrl, query, uniqueTraceId } from "./helpers";

/**
 * The graph's answer stays bounded however many services call each other: links past MAX_GRAPH_LINKS
 * are left out, the quietest first, and counted. The links are written straight into an hour two days
 * ahead, which no other test's window reaches and retention never deletes.
 */
describe("GET /api/graph past MAX_GRAPH_LINKS links", () => {
  it("answers the busiest links and counts the rest", async () => {
    const run = uniqueTraceId().slice(-8);
    const hourUs = floorHourUs(Date.now() * 1000 + 2 * DAY_US);
    const extra = 25;
    // 400 services each calling up to 13 others: more links than the answer carries.
    await query(
      `INSERT INTO dependency_links (hour_us, parent, child, bucket, calls, errors)
       SELECT $1, 'svc-' || $2 || '-' || (i % 400), 'svc-' || $2 || '-' || ((i / 400 + 1 + i % 400) % 400), 40, i + 1, 0
       FROM generate_series(0, $3 - 1) AS i`,
      [hourUs, run, MAX_GRAPH_LINKS + extra],
    );
    const start = new Date((hourUs + 60_000_000) / 1000).toISOString();
    const end = new Date((hourUs + HOUR_US - 60_000_000) / 1000).toISOString();
    const response = await fetch(`${baseUrl()}/api/graph?${new URLSearchParams({ start, end })}`);
    expect(response.status).toBe(200);
    const graph = (await response.json()) as DependencyGraph;
    expect(graph.links).toHaveLength(MAX_GRAPH_LINKS);
    expect(graph.omittedLinks).toBe(extra);
    // The quietest (calls 1 to 25) are the ones left out.
    expect(Math.min(...graph.links.map((link) => link.calls))).toBe(extra + 1);
    expect(graph.nodes).toHaveLength(400);
  });
});
