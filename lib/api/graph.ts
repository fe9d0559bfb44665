import { z } from "zod";
import type { NodeKind } from "../services/links";

/**
 * `GET /api/graph`, as both the route (lib/services/dependency-graph.ts builds it) and the
 * dependencies page see it: the window's nodes and the links between them, each sorted by name.
 */

// Every kind lib/services/links.ts tells apart: one it adds and this list lacks fails the build at
// buildGraph, before a browser could refuse the answer.
const NODE_KINDS = ["service", "database", "queue", "external"] as const satisfies readonly NodeKind[];

/** One link of the graph over a window: calls, errors and latency (µs) of the calls it carries. */
const graphLinkSchema = z.object({
  parent: z.string(),
  child: z.string(),
  calls: z.number(),
  errors: z.number(),
  p50Us: z.number(),
  p95Us: z.number(),
  p99Us: z.number(),
});
export type GraphLink = z.infer<typeof graphLinkSchema>;

const graphNodeSchema = z.object({
  name: z.string(),
  kind: z.enum(NODE_KINDS),
  /** Calls into the node, and how many of them failed. */
  calls: z.number(),
  errors: z.number(),
});
export type GraphNode = z.infer<typeof graphNodeSchema>;

/**
 * The most links one answer carries, the busiest: a drawing or list of more says nothing more, and the
 * answer of an estate of thousands of services stays a few hundred kilobytes.
 */
export const MAX_GRAPH_LINKS = 5_000;

export const dependencyGraphSchema = z.object({
  nodes: z.array(graphNodeSchema),
  links: z.array(graphLinkSchema),
  /** Quieter links left out past MAX_GRAPH_LINKS; absent when none were. */
  omittedLinks: z.number().optional(),
});
export type DependencyGraph = z.infer<typeof dependencyGraphSchema>;
