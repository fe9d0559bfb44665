import { Agent, request } from "node:http";
import type { WireFormat } from "./formats";

/**
 * Sends request bodies to an ingest endpoint with a fixed number in flight, the way a few busy
 * reporters would. Every answer must be the format's success status, which the server sends only
 * after COMMIT, so the elapsed
 * time covers spans that are durably stored. The client is plain node:http on kept-alive
 * connections with bodies encoded beforehand: it shares the machine with the server, so it should
 * cost as little as a tracer's reporter does.
 */
export interface IngestTiming {
  elapsedMs: number;
  latenciesMs: number[];
}

const REQUEST_TIMEOUT_MS = 60_000;

export async function postBodies(
  url: string,
  bodies: Buffer[],
  inFlight: number,
  format: Pick<WireFormat, "contentType" | "status">,
): Promise<IngestTiming> {
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
  const latenciesMs: number[] = [];
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < bodies.length) {
      const index = next++;
      try {
        latenciesMs.push(await postOne(new URL(url), agent, bodies[index] as Buffer, index, format));
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const started = performance.now();
  try {
    await Promise.all(Array.from({ length: inFlight }, worker));
  } finally {
    agent.destroy();
  }
  return { elapsedMs: performance.now() - started, latenciesMs };
}

function postOne(
  url: URL,
  agent: Agent,
  body: Buffer,
  index: number,
  format: Pick<WireFormat, "contentType" | "status">,
): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: "POST",
        agent,
        timeout: REQUEST_TIMEOUT_MS,
        headers: { "content-type": format.contentType, "content-length": body.length },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          if (response.statusCode === format.status) return resolve(performance.now() - started);
          const answer = Buffer.concat(chunks).toString("utf8").slice(0, 500);
          reject(
            new Error(`body ${index}: expected ${format.status}, got ${response.statusCode}: ${answer}`),
          );
        });
      },
    );
    outgoing.on("timeout", () =>
      outgoing.destroy(new Error(`body ${index}: no answer in ${REQUEST_TIMEOUT_MS} ms`)),
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}
