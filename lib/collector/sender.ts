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
  if (sender === undefined && !spans.some(claimsSender)) return spans;
  const stamp = sender
    ? { [sender.kind === "ingest-token" ? INGEST_TOKEN_KEY : UPLOADED_BY_KEY]: sender.name }
    : {};
  return spans.map((span) => {
    const { [INGEST_TOKEN_KEY]: _token, [UPLOADED_BY_KEY]: _uploader, ...resource } = span.resource;
    return { ...span, resource: { ...resource, ...stamp } };
  });
}

function claimsSender(span: Span): boolean {
  return INGEST_TOKEN_KEY in span.resource || UPLOADED_BY_KEY in span.resource;
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
