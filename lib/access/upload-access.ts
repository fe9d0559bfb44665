import type { IncomingMessage } from "node:http";
import type { AccessDecision } from "./access";
import { BEARER_CHALLENGE, type IngestAuth } from "./ingest-tokens";
import type { Readers } from "./readers";

/**
 * Who may upload a trace file (`/api/upload`, access `upload`): whoever may ingest (an ingest token,
 * or anyone while ingest is open), or a signed-in reader (a session, or a trusted proxy's identity),
 * so that the upload page works for the people using the UI without an ingest token in their browser.
 * Never a read token: it is for Grafana and scripts that read, and a script that uploads is a sender,
 * with an ingest token. A signed-in reader's name is recorded on what they upload, as a token's is.
 */
export function authorizeUpload(
  ingest: IngestAuth,
  readers: Pick<Readers, "check">,
): (request: IncomingMessage) => Promise<AccessDecision> {
  return async (request) => {
    const asSender = await ingest.check(request);
    if (asSender.ok) return asSender;
    const asReader = await readers.check(request);
    const kind = asReader.ok ? asReader.principal?.kind : undefined;
    if (kind === "session" || kind === "proxy") return asReader;
    return {
      ok: false,
      status: 401,
      message: `${asSender.message}; or sign in, to upload from the upload page`,
      headers: { "www-authenticate": BEARER_CHALLENGE },
    };
  };
}
