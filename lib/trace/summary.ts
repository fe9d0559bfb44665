import { httpStatusCode } from "../ingest/door/normalise";
import type { TraceTree } from "./tree";

export interface TraceStats {
  startUs: number;
  endUs: number;
  durationUs: number;
  spanCount: number;
  serviceCount: number;
  /** Levels in the deepest branch: a lone root is depth 1. */
  depth: number;
  errorCount: number;
  rootService: string;
  rootName: string;
  /** How many spans answered or received each HTTP status, by status. */
  httpStatuses: Record<number, number>;
}

/** The numbers of a trace page's header, in one pass over the rows; all 0 for a trace without spans. */
export function summariseTrace(tree: TraceTree): TraceStats {
  let startUs = Number.POSITIVE_INFINITY;
  let endUs = Number.NEGATIVE_INFINITY;
  let depth = 0;
  let errorCount = 0;
  const services = new Set<string>();
  const httpStatuses: Record<number, number> = {};
  for (const { span, depth: rowDepth } of tree.rows) {
    startUs = Math.min(startUs, span.startUs);
    endUs = Math.max(endUs, span.startUs + Math.max(0, span.durationUs));
    depth = Math.max(depth, rowDepth + 1);
    if (span.status.code === "ERROR") errorCount++;
    services.add(span.serviceName);
    const status = httpStatusCode(span.attributes);
    if (status !== undefined) httpStatuses[status] = (httpStatuses[status] ?? 0) + 1;
  }
  const root = tree.rows[0]?.span;
  if (root === undefined) [startUs, endUs] = [0, 0];
  return {
    startUs,
    endUs,
    durationUs: endUs - startUs,
    spanCount: tree.rows.length,
    serviceCount: services.size,
    depth,
    errorCount,
    rootService: root?.serviceName ?? "",
    rootName: root?.name ?? "",
    httpStatuses,
  };
}
