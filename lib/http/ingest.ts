import type { IncomingMessage, ServerResponse } from "node:http";
import { saveSpans } from "../db/save-spans";
import { RequestError } from "../errors";
import { decodeZipkinV2 } from "../ingest/zipkin-v2";
import { parseJson, readBody } from "./body";

/**
 * The ingest listener: tracers' POSTs are answered here, in plain Node, before Next.js sees the
 * request. Ingest is the hot path (DESIGN: tracers → listeners → decoders → writer), and Next's
 * request handling cost about as much CPU as decoding a 1,000-span batch; the UI and the query APIs
 * stay with Next. Every route ends the same way: 2xx only after the commit, else a 4xx naming the
 * problem in the one error shape, `{ "error": message }`.
 */
type IngestRoute = (request: IncomingMessage, maxBodyBytes: number) => Promise<number>;

const ROUTES: Record<string, IngestRoute> = {
  // Zipkin's collector API, as Zipkin answers it: 202 once the spans are stored.
  "/api/v2/spans": async (request, maxBodyBytes) => {
    requireContentType(request, /^application\/json\b/i, "application/json");
    const { spans } = decodeZipkinV2(parseJson(await readBody(request, maxBodyBytes)));
    await saveSpans(spans);
    return 202;
  },
};

/** Answers the request and returns true when it is ingest; returns false to let Next serve it. */
export function createIngestListener(maxBodyBytes: number) {
  return (request: IncomingMessage, response: ServerResponse): boolean => {
    const route = request.method === "POST" ? ROUTES[(request.url ?? "").split("?")[0] as string] : undefined;
    if (!route) return false;
    route(request, maxBodyBytes).then(
      (status) => response.writeHead(status).end(),
      (error: unknown) => {
        if (!(error instanceof RequestError)) console.error(error);
        const [status, message] =
          error instanceof RequestError
            ? [error.status, error.message]
            : [500, "internal error; see the server log"];
        // Read and drop what is left of a refused body (a 413 stops reading early): a client still
        // uploading would otherwise see its connection reset instead of this answer.
        request.resume();
        response.writeHead(status, { "content-type": "application/json" });
        response.end(JSON.stringify({ error: message }));
      },
    );
    return true;
  };
}

function requireContentType(request: IncomingMessage, accepted: RegExp, name: string): void {
  const contentType = request.headers["content-type"] ?? name;
  if (!accepted.test(contentType)) {
    throw new RequestError(415, `Content-Type ${contentType} is not supported here: send ${name}`);
  }
}
