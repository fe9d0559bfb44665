import { ENDPOINT_KEYS, type Span } from "../model/span";
import { buildTraceTree, type TraceRow, type TraceTree } from "./tree";

/**
 * Clock-skew correction for display. Each host stamps spans with its own clock, so only a span
 * recorded in another process than its parent can be skewed against it: a different service, or
 * Zipkin's server half under its client half on another host. Spans of one service share a clock, so
 * a same-service child takes its parent's shift and is never judged on its own. A cross-process child
 * that starts before its shifted parent cannot be where its clock put it, nor can one that ends after
 * a parent that waited for it (a CLIENT with a duration): a redirect, a one-way send or a message may
 * rightly be handled after its sender is done, and shifting those would erase real pauses. Not knowing
 * the network latency, we assume it equal both ways and centre the child in its parent, or align their
 * starts when the child is longer (a caller that stopped waiting). The shift carries to the child's
 * subtree, whose spans start from it and are judged again against their shifted parents. Roots and
 * orphans have nothing to be skewed against, and a child that fits its parent keeps its place: we
 * never invent skew the data does not show.
 *
 *   parent (client)      |==============================|
 *   child as recorded  |======================|                starts before it was called
 *   child shown              |======================|          centred: equal latency each way
 *                        ^---^ (parent − child duration) / 2
 */

/** Per row (same index as tree.rows): the shift in µs applied to that span's start for display; 0 when none. */
export interface SkewCorrection {
  shiftsUs: Float64Array | number[];
  /** Rows whose shift is not 0, inherited shifts included. */
  adjustedCount: number;
}

/**
 * The display shift of every row of `tree`, in integer µs, in one pass: rows come in pre-order with
 * their depth, so each row's parent is the latest row one level up and is already shifted.
 */
export function correctClockSkew(tree: TraceTree): SkewCorrection {
  const { rows } = tree;
  const shiftsUs = new Float64Array(rows.length);
  const latestAtDepth: number[] = [];
  let adjustedCount = 0;
  for (let i = 0; i < rows.length; i++) {
    const { span, depth } = rows[i] as TraceRow;
    latestAtDepth[depth] = i;
    // tree.ts puts orphans and the start of a parent loop at depth 0, beside the roots.
    if (depth === 0) continue;
    const parentIndex = latestAtDepth[depth - 1] as number;
    const parent = (rows[parentIndex] as TraceRow).span;
    const inheritedUs = shiftsUs[parentIndex] as number;
    const shiftUs = crossesProcess(span, parent) ? shiftIntoParent(span, parent, inheritedUs) : inheritedUs;
    if (shiftUs !== 0) {
      shiftsUs[i] = shiftUs;
      adjustedCount++;
    }
  }
  return { shiftsUs, adjustedCount };
}

/**
 * The tree with each shifted span's start (and its events, stamped by the same clock) moved by its
 * shift, and `skewUs` on its row. Unshifted rows are the same objects; a tree without skew is
 * returned as it is. `correction` must come from `correctClockSkew(tree)`.
 */
export function applySkewCorrection(tree: TraceTree, correction: SkewCorrection): TraceTree {
  if (correction.adjustedCount === 0) return tree;
  const { shiftsUs } = correction;
  const rows = tree.rows.map((row, i) => {
    const skewUs = shiftsUs[i] ?? 0;
    return skewUs === 0 ? row : { ...row, span: shiftSpan(row.span, skewUs), skewUs };
  });
  return { ...tree, rows };
}

/**
 * The child's shift: its parent's, unless that leaves it starting before its parent, or ending after a
 * parent that waited for it. Written as "outside" rather than "fits" so that a missing (NaN) time never
 * moves a span.
 */
function shiftIntoParent(child: Span, parent: Span, inheritedUs: number): number {
  const parentStartUs = parent.startUs + inheritedUs;
  const startUs = child.startUs + inheritedUs;
  const waited = parent.kind === "CLIENT" && parent.durationUs > 0;
  const outside =
    startUs < parentStartUs || (waited && startUs + child.durationUs > parentStartUs + parent.durationUs);
  if (!outside) return inheritedUs;
  const latencyUs = child.durationUs <= parent.durationUs ? (parent.durationUs - child.durationUs) / 2 : 0;
  return Math.round(parentStartUs + latencyUs) - child.startUs;
}

/**
 * Whether `span` ran on another clock than `parent`. Both halves of a Zipkin shared span may name one
 * service (a service calling itself), yet are two processes, on two clocks unless they report the
 * same host address.
 */
function crossesProcess(span: Span, parent: Span): boolean {
  if (span.serviceName !== parent.serviceName) return true;
  const serverUnderItsClient = span.shared === true && !parent.shared && span.spanId === parent.spanId;
  return serverUnderItsClient && !sameHost(span, parent);
}

function sameHost(a: Span, b: Span): boolean {
  return [ENDPOINT_KEYS.localIpv4, ENDPOINT_KEYS.localIpv6].some(
    (key) => a.attributes[key] !== undefined && a.attributes[key] === b.attributes[key],
  );
}

/**
 * The spans, in their order, with skew corrected as the trace page shows them: what the Jaeger APIs
 * answer unless asked for raw times, as Jaeger's query service adjusts clock skew before answering.
 * Each corrected span gets a warning saying by how much, as Jaeger's adjuster writes one.
 */
export function skewCorrectedSpans(spans: Span[]): Span[] {
  const tree = buildTraceTree(spans);
  const correction = correctClockSkew(tree);
  if (correction.adjustedCount === 0) return spans;
  const shifted = new Map<Span, Span>();
  tree.rows.forEach((row, i) => {
    const skewUs = correction.shiftsUs[i] ?? 0;
    if (skewUs === 0) return;
    const span = shiftSpan(row.span, skewUs);
    span.warnings = [...(row.span.warnings ?? []), `clock skew adjustment: start moved by ${skewUs}µs`];
    shifted.set(row.span, span);
  });
  return spans.map((span) => shifted.get(span) ?? span);
}

function shiftSpan(span: Span, skewUs: number): Span {
  const events =
    span.events.length === 0
      ? span.events
      : span.events.map((event) => ({ ...event, timeUs: event.timeUs + skewUs }));
  return { ...span, startUs: span.startUs + skewUs, events };
}
