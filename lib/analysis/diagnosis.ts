import { formatDurationUs } from "../format/duration";
import { httpStatusCode } from "../ingest/door/normalise";
import type { Span } from "../model/span";
import type { TraceRow, TraceTree } from "../trace/tree";
import { drivingRoot } from "./critical-path";

export interface DiagnosisInput {
  tree: TraceTree;
  /** Per row: µs on the critical path (`criticalPath(tree).criticalUs`). */
  critical: Float64Array;
  /** Per row: self time in µs (`selfTimes(tree)`); breaks ties between equal critical times. */
  self: Float64Array;
  errorRoot: number | undefined;
  /** How many times its operation's usual p99 a row took, when known and anomalous. */
  slowdown?: (row: number) => number | undefined;
}

/**
 * One sentence saying what happened, where the time went and where the error started:
 *
 *   POST /oauth2/token failed with 409 after 80ms; 70ms (88%) went to bcrypt (auth-service), 31× its usual p99.
 *
 * 1. The driving root (the root that ends last, as for the critical path), its outcome and duration,
 *    and its slowdown when `slowdown` knows one.
 *    Outcome: an ERROR root "failed with <HTTP status>" when it has one of 400 or more, else
 *    `failed: "<message>" in <service>` with the error root's message and service (the root's own
 *    when the error root has none), else "failed in <service>"; a root that did not fail "answered
 *    <HTTP status>", else "succeeded".
 * 2. The span other than the root with the most time on the critical path (ties: more self time,
 *    then the first row): its critical time, as a share of the root's duration, its service, and its
 *    slowdown when `slowdown` knows one. Left out when nothing but the root was on the path.
 * 3. The error root, when it is not the root: "the error started in <name> (<service>)" for a failed
 *    root (", where the error started" when it is the span named in 2), or ", though <name>
 *    (<service>) failed" (", though it failed") for a root that did not fail: an error handled on
 *    the way, or one its caller saw and it did not record.
 *
 * Deterministic: the same trace always gives the same words.
 */
export function diagnose(input: DiagnosisInput): string {
  const { tree, critical, self, errorRoot, slowdown } = input;
  const root = drivingRoot(tree);
  if (root === undefined) return "The trace has no spans.";
  const rootSpan = spanAt(tree, root);
  const errorSpan = errorRoot === undefined ? undefined : spanAt(tree, errorRoot);
  const failed = rootSpan.status.code === "ERROR";
  let sentence = `${rootSpan.name} ${outcome(rootSpan, errorSpan)} after ${formatDurationUs(rootSpan.durationUs)}`;
  const rootFactor = slowdown?.(root);
  if (rootFactor !== undefined && Number.isFinite(rootFactor))
    sentence += `, ${times(rootFactor)} its usual p99`;

  let errorToName = errorRoot !== root ? errorRoot : undefined; // cleared once said
  const contributor = largestContributor(critical, self, root);
  if (contributor !== undefined && rootSpan.durationUs > 0) {
    const criticalUs = critical[contributor] as number;
    sentence += `; ${formatDurationUs(criticalUs)} (${percent(criticalUs / rootSpan.durationUs)}) went to ${label(spanAt(tree, contributor))}`;
    const factor = slowdown?.(contributor);
    if (factor !== undefined && Number.isFinite(factor)) sentence += `, ${times(factor)} its usual p99`;
    if (failed && errorToName === contributor) {
      sentence += ", where the error started";
      errorToName = undefined;
    }
  }
  if (errorToName !== undefined) {
    const where = label(spanAt(tree, errorToName));
    if (failed) sentence += `; the error started in ${where}`;
    else sentence += errorToName === contributor ? ", though it failed" : `, though ${where} failed`;
  }
  return `${sentence}.`;
}

function outcome(root: Span, errorSpan: Span | undefined): string {
  const httpStatus = httpStatusCode(root.attributes);
  if (root.status.code !== "ERROR") return httpStatus === undefined ? "succeeded" : `answered ${httpStatus}`;
  if (httpStatus !== undefined && httpStatus >= 400) return `failed with ${httpStatus}`;
  // The message where the error started, else the root's own, with the service that gave it.
  const teller = errorSpan?.status.message ? errorSpan : root;
  const { message } = teller.status;
  return message ? `failed: "${message}" in ${teller.serviceName}` : `failed in ${root.serviceName}`;
}

function largestContributor(critical: Float64Array, self: Float64Array, root: number): number | undefined {
  let best: number | undefined;
  for (let row = 0; row < critical.length; row++) {
    const us = critical[row] as number;
    if (row === root || !(us > 0)) continue;
    if (best === undefined) best = row;
    else {
      const bestUs = critical[best] as number;
      if (us > bestUs || (us === bestUs && (self[row] ?? 0) > (self[best] ?? 0))) best = row;
    }
  }
  return best;
}

function label(span: Span): string {
  return `${span.name} (${span.serviceName})`;
}

/** "88%", "<1%" for a sliver that is not nothing. */
function percent(share: number): string {
  const rounded = Math.round(share * 100);
  return rounded === 0 && share > 0 ? "<1%" : `${rounded}%`;
}

/** "31×", "2.5×": two significant figures below 10, whole numbers above. */
function times(factor: number): string {
  return `${factor >= 10 ? Math.round(factor) : Number(factor.toPrecision(2))}×`;
}

function spanAt(tree: TraceTree, row: number): Span {
  return (tree.rows[row] as TraceRow).span;
}
