/**
 * What the replica test (replica-cluster.test.ts) sends and reads: Zipkin v2 traces of a three-hop
 * call chain, split across instances as two collectors on different hosts would send them, and the
 * numbers a Tracelight instance shows on /metrics.
 */
export interface ZipkinSpan {
  traceId: string;
  id: string;
  parentId?: string;
  kind: "SERVER" | "CLIENT";
  name: string;
  timestamp: number;
  duration: number;
  localEndpoint: { serviceName: string };
  remoteEndpoint?: { serviceName: string };
  tags?: Record<string, string>;
}

export interface Services {
  front: string;
  api: string;
  db: string;
}

/** Service names no other run shares (the replica's database is fresh, but a failed run's logs are not). */
export function runServices(run: string): Services {
  return { front: `front-${run}`, api: `api-${run}`, db: `postgres-${run}` };
}

/**
 * One trace: front's server span and its call to api (the front half), api's server span and its
 * call to a database api does not instrument (the api half). Two links, front → api and api → db,
 * each one call; four spans, each with an id of its own.
 */
export function chainTrace(traceId: string, services: Services, startUs: number) {
  const span = (
    id: string,
    parentId: string | undefined,
    service: string,
    kind: ZipkinSpan["kind"],
    offsetUs: number,
    extra: Partial<ZipkinSpan> = {},
  ): ZipkinSpan => ({
    traceId,
    id: `00000000000000a${id}`,
    ...(parentId ? { parentId: `00000000000000a${parentId}` } : {}),
    kind,
    name: kind === "SERVER" ? "get /" : "call",
    timestamp: startUs + offsetUs,
    duration: 50_000 - offsetUs,
    localEndpoint: { serviceName: service },
    ...extra,
  });
  return {
    front: [
      span("1", undefined, services.front, "SERVER", 0),
      span("2", "1", services.front, "CLIENT", 1_000),
    ],
    api: [
      span("3", "2", services.api, "SERVER", 2_000),
      span("4", "3", services.api, "CLIENT", 3_000, { remoteEndpoint: { serviceName: services.db } }),
    ],
  };
}

export const SPANS_PER_TRACE = 4;

let sequence = 0;
/** A 32-hex-digit trace id of this run's. */
export function newTraceId(run: string): string {
  sequence++;
  return `${run}${sequence.toString(16).padStart(8, "0")}`.padStart(32, "c").slice(-32);
}

/**
 * The sum of a metric's samples in Prometheus's text format whose labels include `labels` (all of
 * them when none are given); 0 when there is none.
 */
export function metricSum(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const labelText = match[3] ?? "";
    const matches = Object.entries(labels).every(([key, value]) => labelText.includes(`${key}="${value}"`));
    if (matches) sum += Number(match[4]);
  }
  return sum;
}

/** Polls `read` until `done` says yes of its answer, then answers it; throws the last answer after `timeoutMs`. */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`${what}: not so after ${timeoutMs} ms; last seen ${JSON.stringify(value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
