/**
 * Sends request bodies to the Zipkin endpoint with a fixed number in flight, the way a few busy
 * reporters would. Every answer must be 202, which the server sends only after COMMIT, so the elapsed
 * time covers spans that are durably stored.
 */
export interface IngestTiming {
  elapsedMs: number;
  latenciesMs: number[];
}

const REQUEST_TIMEOUT_MS = 60_000;

export async function postBodies(url: string, bodies: string[], inFlight: number): Promise<IngestTiming> {
  const latenciesMs: number[] = [];
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < bodies.length) {
      const index = next++;
      try {
        latenciesMs.push(await postOne(url, bodies[index] as string, index));
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { elapsedMs: performance.now() - started, latenciesMs };
}

async function postOne(url: string, body: string, index: number): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const answer = await response.text();
  if (response.status !== 202) {
    throw new Error(`body ${index}: expected 202, got ${response.status}: ${answer.slice(0, 500)}`);
  }
  return performance.now() - started;
}
