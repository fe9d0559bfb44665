/**
 * The overload of the hardening issue, shared by its fault test (test/faults/overload.test.ts) and its
 * benchmark (bench/overload.ts): large Zipkin bodies posted by senders that retry after the server's
 * Retry-After until their body is taken, as exporters do, and a load balancer's health check.
 */
export const HEALTH_INTERVAL_MS = 100;

/** A Zipkin v2 JSON body of about `bytes`, its spans in traces of ten, and how many spans it holds. */
export function zipkinBody(sender: number, bytes: number): { body: Uint8Array<ArrayBuffer>; spans: number } {
  const nowUs = Date.now() * 1000;
  const parts: string[] = [];
  let size = 2;
  let i = 0;
  while (size < bytes) {
    const span = JSON.stringify({
      traceId: `${(sender + 1).toString(16).padStart(8, "0")}${Math.floor(i / 10)
        .toString(16)
        .padStart(24, "0")}`,
      id: (i + 1).toString(16).padStart(16, "0"),
      ...(i % 10 === 0 ? {} : { parentId: (i - (i % 10) + 1).toString(16).padStart(16, "0") }),
      kind: "SERVER",
      name: `GET /api/items/${i % 50}`,
      timestamp: nowUs - 60_000_000 + i,
      duration: 1_000 + (i % 997),
      localEndpoint: { serviceName: `service-${i % 20}`, ipv4: "10.0.0.1" },
      tags: { "http.method": "GET", "http.status_code": i % 31 === 0 ? "500" : "200", "user.id": `u${i}` },
    });
    parts.push(span);
    size += span.length + 1;
    i++;
  }
  return { body: new TextEncoder().encode(`[${parts.join(",")}]`), spans: parts.length };
}

/** Posts `body` until it is taken; how many 429s it met, and connections that failed (retried at once). */
export async function sendUntilTaken(
  baseUrl: string,
  body: Uint8Array<ArrayBuffer>,
): Promise<{ busy: number; failed: string[] }> {
  const failed: string[] = [];
  for (let busy = 0; ; busy++) {
    const response = await fetch(`${baseUrl}/api/v2/spans`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    }).catch((error: Error) => {
      failed.push(String((error.cause as Error | undefined)?.message ?? error.message));
      return undefined;
    });
    if (!response) continue;
    const answer = await response.text();
    if (response.status === 202) return { busy, failed };
    if (response.status !== 429 && response.status !== 503) {
      throw new Error(`a body was answered ${response.status}, not 202, 429 or 503: ${answer.slice(0, 300)}`);
    }
    const retryAfterS = Number(response.headers.get("retry-after"));
    if (!(retryAfterS > 0)) throw new Error(`a ${response.status} came without a Retry-After`);
    await new Promise((resolve) => setTimeout(resolve, retryAfterS * 1000));
  }
}

/** Health checks every HEALTH_INTERVAL_MS until stopped; their latencies in ms. */
export function pollHealth(baseUrl: string): { stop(): Promise<number[]> } {
  const latencies: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      const ok = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(30_000) }).then(
        async (response) => (await response.arrayBuffer()) && response.ok,
        () => false,
      );
      // A failed check counts as the longest possible wait: the balancer would have given up.
      latencies.push(ok ? performance.now() - started : Number.POSITIVE_INFINITY);
      await new Promise((resolve) => setTimeout(resolve, HEALTH_INTERVAL_MS));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return latencies;
    },
  };
}
