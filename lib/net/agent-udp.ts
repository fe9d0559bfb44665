import { createSocket } from "node:dgram";
import type { Collector } from "../collector/collector";
import type { Outcome } from "../collector/outcome";
import type { Span } from "../model/span";
import { throttledWarning } from "../observe/log";
import { metrics } from "../observe/metrics";

/**
 * The Jaeger agent's UDP ports, so that tracers reporting to an agent report here instead: 6831 and
 * 6832 both take the compact and the binary protocol (the collector tells them apart by the
 * message's first bytes; lib/ingest/jaeger/agent.ts). UDP has no reply, so nothing is ever sent back.
 *
 * One commit per datagram cannot keep up (at 1,000/s a third were dropped), so datagrams are decoded
 * as they come and their spans stored together, one commit per batch:
 *
 *   datagram ─► decode now ─► current batch ──(every FLUSH_INTERVAL_MS, or at MAX_BATCH_SPANS)──► queue ─► store
 *               (bad: dropped, counted, logged at most once a minute)                (≤ MAX_QUEUED_SPANS)
 *
 * The queue is bounded: past MAX_QUEUED_SPANS a datagram is dropped and counted, as an agent's own
 * queue does. A batch the database could not take now (unavailable) waits and is tried again a few
 * times, so a database restart of a few seconds loses nothing; a batch refused for a bad value is
 * stored again datagram by datagram, so one sender's bad span costs only its own datagram.
 */
export interface AgentUdpListener {
  /** The bound port: the one asked for, or the one the kernel picked for port 0. */
  port: number;
  stats: AgentUdpStats;
  /** Closes the socket, then stores what is queued (one attempt each). */
  stop(): Promise<void>;
}

export interface AgentUdpStats {
  /** Datagrams received. */
  datagrams: number;
  /** Spans stored. */
  spans: number;
  /** Datagrams whose spans were not stored: undecodable, refused, over the queue, or kept failing. */
  dropped: number;
}

/** What the listener needs of the collector (lib/collector/collector.ts). */
export type AgentSink = Pick<Collector, "decodeMessage" | "storeDecoded">;

export interface AgentUdpOptions {
  flushIntervalMs: number;
  maxBatchSpans: number;
  maxQueuedSpans: number;
  /** Attempts for a batch the database cannot take now, a second apart. */
  maxAttempts: number;
}

export const AGENT_UDP_DEFAULTS: AgentUdpOptions = {
  // A tracer's own flush interval is about a second; a tenth of it adds no noticeable delay.
  flushIntervalMs: 100,
  // Preparing a batch's rows runs on the event loop: 2,000 spans is ~10 ms.
  maxBatchSpans: 2_000,
  maxQueuedSpans: 50_000,
  maxAttempts: 5,
};

// Room for a burst of full-size datagrams (jaeger-client fills them up to 65,000 bytes) while the
// event loop is busy; Linux caps it at net.core.rmem_max, which is enough for one.
const RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;
const RETRY_DELAY_MS = 1_000;
const LABELS = { transport: "udp", format: "jaeger-agent" } as const;

/** Datagrams' spans stored together; `datagrams` keeps them apart for a retry one by one. */
interface Batch {
  datagrams: Span[][];
  spans: number;
  attempts: number;
}

/**
 * Listens for Agent datagrams on `host`:`port` (UDP over IPv4) and stores their spans through `sink`.
 * Resolves once the socket is bound; rejects with an Error saying why it could not be ("the port is
 * taken"), and then holds nothing open.
 */
export function listenAgentUdp(
  port: number,
  host: string,
  sink: AgentSink,
  options: AgentUdpOptions = AGENT_UDP_DEFAULTS,
): Promise<AgentUdpListener> {
  const what = "Jaeger agent (UDP)";
  const stats: AgentUdpStats = { datagrams: 0, spans: 0, dropped: 0 };
  const reportMalformed = throttledWarning(`${what}: dropped an undecodable datagram`);
  const reportDropped = throttledWarning(`${what}: dropped datagrams`);
  const queue: Batch[] = [];
  let current: Batch = emptyBatch();
  let queuedSpans = 0;
  let flushTimer: NodeJS.Timeout | undefined;
  let storing: Promise<void> | undefined;
  let stopped = false;
  const socket = createSocket("udp4");

  const drop = (datagrams: number, spans: number, reason: string) => {
    stats.dropped += datagrams;
    metrics.spansDropped.inc({ ...LABELS, reason }, spans);
    reportDropped({ datagrams, spans, reason, port });
  };

  const seal = () => {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    if (current.spans === 0) return;
    queue.push(current);
    current = emptyBatch();
    drain();
  };

  /** Stores the queued batches one at a time, oldest first. */
  const drain = () => {
    if (storing || queue.length === 0) return;
    storing = (async () => {
      for (let batch = queue.shift(); batch; batch = queue.shift()) {
        // The batch counts against the bound until it is settled: it is in memory until then.
        const retry = await storeBatch(batch);
        if (retry) {
          queue.unshift(retry);
          await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
        } else queuedSpans -= batch.spans;
      }
    })().finally(() => {
      storing = undefined;
      if (queue.length > 0) drain();
    });
  };

  /** Stores a batch; answers it again when it should be retried later. */
  const storeBatch = async (batch: Batch): Promise<Batch | undefined> => {
    const outcome = await store(batch.datagrams);
    if (outcome.kind === "stored") {
      stats.spans += outcome.received;
      return undefined;
    }
    if (outcome.kind === "refused" && batch.datagrams.length > 1) {
      for (const datagram of batch.datagrams) {
        const alone = await store([datagram]);
        if (alone.kind === "stored") stats.spans += alone.received;
        else drop(1, datagram.length, alone.kind);
      }
      return undefined;
    }
    if (outcome.kind === "unavailable" && batch.attempts + 1 < options.maxAttempts && !stopped) {
      return { ...batch, attempts: batch.attempts + 1 };
    }
    drop(batch.datagrams.length, batch.spans, outcome.kind);
    return undefined;
  };

  const store = (datagrams: Span[][]): Promise<Outcome> =>
    sink.storeDecoded({ ...LABELS, spans: datagrams.flat(), messages: datagrams.length });

  socket.on("message", (datagram, sender) => {
    stats.datagrams++;
    metrics.ingestBytes.inc(LABELS, datagram.byteLength);
    const decoded = sink.decodeMessage("jaeger-agent", datagram);
    if (!decoded.ok) {
      stats.dropped++;
      metrics.ingestRequests.inc({ ...LABELS, outcome: "refused" });
      reportMalformed({ sender: `${sender.address}:${sender.port}`, reason: decoded.message });
      return;
    }
    const { spans } = decoded;
    if (spans.length === 0) return;
    if (queuedSpans + spans.length > options.maxQueuedSpans) {
      drop(1, spans.length, "queue_full");
      return;
    }
    current.datagrams.push(spans);
    current.spans += spans.length;
    queuedSpans += spans.length;
    if (current.spans >= options.maxBatchSpans) seal();
    else flushTimer ??= setTimeout(seal, options.flushIntervalMs);
  });

  return new Promise((resolve, reject) => {
    socket.once("error", (error: NodeJS.ErrnoException) => {
      socket.close(() => {});
      reject(new Error(error.code === "EADDRINUSE" ? "the port is taken" : error.message));
    });
    socket.bind(port, host, () => {
      socket.removeAllListeners("error");
      const boundPort = socket.address().port;
      socket.on("error", (error) => reportDropped({ port: boundPort, reason: error.message }));
      try {
        if (socket.getRecvBufferSize() < RECEIVE_BUFFER_BYTES) socket.setRecvBufferSize(RECEIVE_BUFFER_BYTES);
      } catch {
        // The system's default buffer then; it holds at least one full datagram.
      }
      let closed: Promise<void> | undefined;
      resolve({
        port: boundPort,
        stats,
        stop: () => {
          closed ??= new Promise<void>((done) => socket.close(() => done())).then(async () => {
            stopped = true;
            seal();
            while (storing) await storing;
          });
          return closed;
        },
      });
    });
  });
}

function emptyBatch(): Batch {
  return { datagrams: [], spans: 0, attempts: 0 };
}
