import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectSane, extremeNumber, extremePx } from "../../test/extreme-values";
import { describeCalls, describeLatency, errorLevel, errorRate, strokeWidthScale } from "./edge-style";
import { forceLayout, forceSize } from "./force-layout";
import { fitTransform, type GraphTopology } from "./graph-layout";
import { layeredLayout, layeredSize, layerGraph } from "./layered-layout";
import { nodeShape } from "./node-shape";
import { topDownLayout } from "./top-down-layout";

const NAMES = ["api", "db", "web", "kafka/orders", ""];
/** Any small graph: self-calls, cycles, links to nodes the list lacks, no nodes at all. */
const topology: fc.Arbitrary<GraphTopology> = fc.record({
  nodes: fc
    .uniqueArray(fc.constantFrom(...NAMES), { maxLength: 5 })
    .map((names) => names.map((name) => ({ name }))),
  links: fc.array(fc.record({ parent: fc.constantFrom(...NAMES), child: fc.constantFrom(...NAMES) }), {
    maxLength: 8,
  }),
});
const size = fc.record({ width: extremePx, height: extremePx });
/** Calls and errors as summed from stored rows: 0, negative (a hand-edited row), past int32. */
const storedCount = fc.oneof(fc.constantFrom(0, -1, 2 ** 31 - 1, 2 ** 53 - 1), fc.integer());

describe("lib/graph on extreme values", () => {
  it("lays any graph out in any size in finite pixels, each node once", () => {
    fc.assert(
      fc.property(topology, size, size, (graph, requested, viewport) => {
        for (const layout of [layeredLayout(graph, requested), forceLayout(graph, requested, 30)]) {
          expectSane(layout);
          expect(new Set(layout.nodes.map((node) => node.name)).size).toBe(layout.nodes.length);
          expect(layout.edges).toHaveLength(graph.links.length);
          expectSane(fitTransform(layout, viewport));
        }
        expectSane(layeredSize(layerGraph(graph), viewport));
        expectSane(forceSize(graph.nodes.length));
      }),
      { numRuns: 200 },
    );
  });

  it("lays any graph out top-down in boxes of any size, in any given rows, in finite pixels", () => {
    fc.assert(
      fc.property(
        topology,
        size,
        size,
        fc.option(fc.array(extremeNumber, { minLength: NAMES.length, maxLength: NAMES.length }), {
          nil: undefined,
        }),
        (graph, box, viewport, rows) => {
          const layers = rows && new Map(NAMES.map((name, i) => [name, rows[i] as number]));
          const layout = topDownLayout(graph, box, layers);
          expectSane(layout);
          expect(new Set(layout.nodes.map((node) => node.name)).size).toBe(layout.nodes.length);
          expect(layout.edges).toHaveLength(graph.links.length);
          for (const node of layout.nodes) {
            expect(node.x).toBeGreaterThanOrEqual(0);
            expect(node.x).toBeLessThanOrEqual(layout.width);
            expect(node.y).toBeGreaterThanOrEqual(0);
            expect(node.y).toBeLessThanOrEqual(layout.height);
          }
          expectSane(fitTransform(layout, viewport));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("styles an edge of any stored counts and latencies without NaN", () => {
    fc.assert(
      fc.property(
        storedCount,
        storedCount,
        storedCount,
        extremeNumber,
        (calls, errors, maxCalls, latencyUs) => {
          const rate = errorRate(errors, calls);
          expect(rate).toBeGreaterThanOrEqual(0);
          expect(rate).toBeLessThanOrEqual(1);
          expect(["ok", "warn", "error"]).toContain(errorLevel(rate));
          expectSane(strokeWidthScale(maxCalls)(calls));
          expectSane(describeCalls({ calls, errors }));
          expectSane(describeLatency({ p50Us: latencyUs, p95Us: latencyUs, p99Us: latencyUs }));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("draws a node's shape of any radius without NaN", () => {
    fc.assert(
      fc.property(fc.constantFrom("service", "database", "queue", "external"), extremePx, (kind, radius) => {
        expectSane(nodeShape(kind, radius));
      }),
    );
  });
});
