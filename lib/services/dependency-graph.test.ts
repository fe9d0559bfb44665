import { describe, expect, it } from "vitest";
import { buildGraph } from "./dependency-graph";
import { bucketOf, bucketUpperUs } from "./histogram";

const MS = 1_000;
const top = (us: number) => bucketUpperUs(bucketOf(us)) - 1;

describe("buildGraph", () => {
  it("sums a link's buckets and hours into calls, errors and percentiles", () => {
    const graph = buildGraph(
      [
        { parent: "front", child: "api", bucket: bucketOf(10 * MS), calls: 98, errors: 0 },
        { parent: "front", child: "api", bucket: bucketOf(10 * MS), calls: 1, errors: 1 },
        { parent: "front", child: "api", bucket: bucketOf(500 * MS), calls: 1, errors: 0 },
        { parent: "api", child: "postgresql", bucket: bucketOf(2 * MS), calls: 4, errors: 1 },
      ],
      new Map([["postgresql", "database" as const]]),
    );
    expect(graph.links).toEqual([
      {
        parent: "api",
        child: "postgresql",
        calls: 4,
        errors: 1,
        p50Us: top(2 * MS),
        p95Us: top(2 * MS),
        p99Us: top(2 * MS),
      },
      {
        parent: "front",
        child: "api",
        calls: 100,
        errors: 1,
        p50Us: top(10 * MS),
        p95Us: top(10 * MS),
        p99Us: top(10 * MS),
      },
    ]);
    expect(graph.nodes).toEqual([
      { name: "api", kind: "service", calls: 100, errors: 1 },
      { name: "front", kind: "service", calls: 0, errors: 0 },
      { name: "postgresql", kind: "database", calls: 4, errors: 1 },
    ]);
  });

  it("leaves out links whose calls were all taken back, and answers an empty window", () => {
    expect(buildGraph([{ parent: "a", child: "b", bucket: 3, calls: 0, errors: 0 }], new Map())).toEqual({
      nodes: [],
      links: [],
    });
  });
});
