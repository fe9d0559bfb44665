import type { TraceTree } from "../trace/tree";
import { rowIndex } from "./row-index";

/**
 * Where the trace's error started: the row of an ERROR span with no ERROR span below it, so that
 * no failing call it made explains its own failure. Undefined when no span errored.
 *
 * Several such spans are common, and the structure alone cannot choose (siblings that both failed,
 * a retried call that failed once). In order:
 * 1. Prefer one joined to a root by an unbroken line of ERROR spans: its failure is the one that
 *    reached the top, while an error under a span that did not fail was handled (a retry, a fallback).
 * 2. Then the earliest start: services abort or degrade after a first failure, so later errors are
 *    usually its fallout (a payment declined, then the confirmation e-mail finds no order).
 * 3. Then the deepest, then the first row, so that the answer is always the same.
 *
 *   ERR PlaceOrder            0–200
 *     ok  GetCart             5–15
 *     ERR Charge (client)    20–60
 *       ERR Charge (server)  22–58   ← the error root: on the ERROR line from the root, earliest
 *     ERR SendConfirmation  120–180
 *       ERR SendConfirmation 122–178
 *
 * Its limit: a caller that gave up (a proxy's timeout) is the only span marked ERROR while the span
 * it waited for finished "OK" later; that span is what the critical path shows. O(n).
 */
export function errorRoot(tree: TraceTree): number | undefined {
  const { parent, depth, startUs, failed } = rowIndex(tree);
  const n = failed.length;
  const errorBelow = new Uint8Array(n);
  for (let i = n - 1; i >= 0; i--) {
    const p = parent[i] as number;
    if (p >= 0 && (errorBelow[i] || failed[i])) errorBelow[p] = 1;
  }
  const onErrorLine = new Uint8Array(n);
  const ranksBefore = (a: number, b: number): boolean => {
    if (onErrorLine[a] !== onErrorLine[b]) return onErrorLine[a] === 1;
    if (startUs[a] !== startUs[b]) return (startUs[a] as number) < (startUs[b] as number);
    return (depth[a] as number) > (depth[b] as number); // of equal depth, the earlier row stays
  };
  let best: number | undefined;
  for (let i = 0; i < n; i++) {
    if (!failed[i]) continue;
    const p = parent[i] as number;
    onErrorLine[i] = p < 0 || onErrorLine[p] ? 1 : 0;
    if (errorBelow[i]) continue;
    if (best === undefined || ranksBefore(i, best)) best = i;
  }
  return best;
}
