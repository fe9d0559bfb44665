/**
 * TEMPORARY STUB (branch jaegermetrics): the lead's lib/db/operation-series.ts replaces this file
 * on merge (take theirs). Only the exports lib/read/jaeger-metrics.ts uses, with the lead's
 * signatures, so the branch compiles; nothing is read.
 */
import { RequestError } from "../errors";
import type { SpanKind } from "../model/span";
import { MINUTE_US } from "../time/hours";

export interface SeriesQuery {
  startUs: number;
  endUs: number;
  stepUs?: number;
  services?: readonly string[];
  spanKinds?: readonly SpanKind[];
  byOperation: boolean;
}

export interface SeriesRow {
  service: string;
  operation: string | null;
  timeUs: number;
  bucket: number;
  count: number;
  errors: number;
}

export function minutesKeptFromUs(nowUs = Date.now() * 1000): number {
  return Math.floor((nowUs - 86_400_000_000) / MINUTE_US) * MINUTE_US + MINUTE_US;
}

export async function readOperationSeries(_query: SeriesQuery): Promise<SeriesRow[]> {
  throw new RequestError(503, "the minute series are not merged into this branch yet");
}
