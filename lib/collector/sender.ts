import type { Principal } from "../access/access";
import type { Span } from "../model/span";
import { metrics } from "../observe/metrics";
import type { Outcome } from "./outcome";

/**
 * Who sent a request, when its access had to say (lib/access): recorded on the resource of every span
 * it stored, and counted per ingest token in /metrics.
 *
 *   tracelight.ingest_token   the name of the ingest token the request carried
 *   tracelight.uploaded_by    the signed-in reader who uploaded the file (upload-access.ts)
 *
 * These keys are Tracelight's own: a sender's values under them are dropped, whatever the settings,
 * so what they hold is never a sender's claim about itself.
 */
export const INGEST_TOKEN_KEY = "tracelight.ingest_token";
export const UPLOADED_BY_KEY = "tracelight.uploaded_by";

/** The spans with their sender recorded; the same array when there is nothing to record or drop. */
export function recordSender(spans: Span[], sender: Principal | undefined): Span[] {
  if (sender === undefined && !spans.some((span) => claims(span.resource))) return spans;
  const stamp = sender
    ? { [sender.kind === "ingest-token" ? INGEST_TOKEN_KEY : UPLOADED_BY_KEY]: sender.name }
    : {};
  // Spans of one OTLP resource share its object: stamped once, shared still (~0.5 µs a resource).
  const stamped = new Map<Span["resource"], Span["resource"]>();
  return spans.map((span) => {
    let resource = stamped.get(span.resource);
    if (resource === undefined) {
      resource = { ...withoutClaims(span.resource), ...stamp };
      stamped.set(span.resource, resource);
    }
    return { ...span, resource };
  });
}

const claims = (resource: Span["resource"]) => INGEST_TOKEN_KEY in resource || UPLOADED_BY_KEY in resource;

function withoutClaims(resource: Span["resource"]): Span["resource"] {
  if (!claims(resource)) return resource;
  const { [INGEST_TOKEN_KEY]: _token, [UPLOADED_BY_KEY]: _uploader, ...rest } = resource;
  return rest;
}

/**
 * Counts a request by the ingest token it carried, and the spans it stored. Token names come from
 * TRACELIGHT_INGEST_TOKENS, a fixed set; a reader's name is not counted (readers are many).
 */
export function countSender(sender: Principal | undefined, outcome: Outcome): void {
  if (sender?.kind !== "ingest-token") return;
  metrics.tokenRequests.inc({ token: sender.name, outcome: outcome.kind });
  if (outcome.kind === "stored") metrics.tokenSpansStored.inc({ token: sender.name }, outcome.stored);
}
