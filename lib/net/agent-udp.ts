import { createSocket } from "node:dgram";
import { RequestError } from "../errors";
import { decodeAgentDatagram } from "../ingest/jaeger-agent";
import type { ThriftEncoding } from "../ingest/thrift";
import type { Span } from "../model/span";

/**
 * The Jaeger agent's UDP ports, so that tracers reporting to an agent report here instead: 6831
 * takes the compact protocol (jaeger-client-go, Traefik, Ory, OTel's Jaeger exporters), 6832 the
 * binary one (jaeger-client-node). UDP has no reply, so nothing is ever sent back: a datagram that
 * cannot be decoded or stored is counted and dropped, and reported in the log at most once a minute
 * per kind, since a misconfigured sender repeats its mistake on every flush.
 */
export interface AgentUdpListener {
  /** The bound port: the one asked for, or the one the kernel picked for port 0. */
  port: number;
  stats: AgentUdpStats;
  /** Closes the socket, then waits for the datagrams being stored. */
  stop(): Promise<void>;
}

export interface AgentUdpStats {
  /** Datagrams received. */
  datagrams: number;
  /** Spans stored. */
  spans: number;
  /** Datagrams whose spans were not stored: undecodable, refused by `store`, or over the backlog. */
  dropped: number;
}

// Room for a burst of full-size datagrams (jaeger-client fills them up to 65,000 bytes) while the
// event loop is busy; Linux caps it at net.core.rmem_max, which is enough for one.
const RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;
// Datagrams decoded and waiting on `store`: past it the database is behind, and new ones are
// dropped rather than held in memory (an agent's queue does the same).
const MAX_PENDING_STORES = 256;
const REPORT_INTERVAL_MS = 60_000;

/**
 * Listens for Agent datagrams in `protocol` on `host`:`port` (UDP over IPv4) and hands each one's
 * spans to `store` (what it resolves to is ignored: `spans => saveSpans(spans, options)` fits).
 * Resolves once the socket is bound; rejects with an Error saying why it could not be ("the port is
 * taken"), and then holds nothing open.
 */
export function listenAgentUdp(
  port: number,
  host: string,
  protocol: ThriftEncoding,
  store: (spans: Span[]) => Promise<unknown>,
): Promise<AgentUdpListener> {
  const what = `Jaeger agent (${protocol} Thrift, UDP)`;
  const stats: AgentUdpStats = { datagrams: 0, spans: 0, dropped: 0 };
  const pending = new Set<Promise<void>>();
  const reportMalformed = throttledReport(`${what}: dropped a datagram`);
  const reportStoreFailure = throttledReport(`${what}: could not store the spans of a datagram`);
  const socket = createSocket("udp4");

  socket.on("message", (datagram, sender) => {
    stats.datagrams++;
    let spans: Span[];
    try {
      spans = decodeAgentDatagram(datagram, protocol).spans;
    } catch (error) {
      stats.dropped++;
      const reason = error instanceof RequestError ? error.message : `the decoder failed: ${String(error)}`;
      reportMalformed(`from ${sender.address}:${sender.port}: ${reason}`);
      return;
    }
    if (spans.length === 0) return;
    if (pending.size >= MAX_PENDING_STORES) {
      stats.dropped++;
      reportStoreFailure(`${MAX_PENDING_STORES} datagrams are already waiting to be stored`);
      return;
    }
    const storing = new Promise<unknown>((resolve) => resolve(store(spans))).then(
      () => {
        stats.spans += spans.length;
      },
      (error: unknown) => {
        stats.dropped++;
        reportStoreFailure(error instanceof Error ? error.message : String(error));
      },
    );
    pending.add(storing);
    void storing.finally(() => pending.delete(storing));
  });

  return new Promise((resolve, reject) => {
    socket.once("error", (error: NodeJS.ErrnoException) => {
      socket.close(() => {});
      reject(new Error(error.code === "EADDRINUSE" ? "the port is taken" : error.message));
    });
    socket.bind(port, host, () => {
      socket.removeAllListeners("error");
      const boundPort = socket.address().port;
      socket.on("error", (error) => console.error(`${what} on port ${boundPort}: ${error.message}`));
      try {
        if (socket.getRecvBufferSize() < RECEIVE_BUFFER_BYTES) socket.setRecvBufferSize(RECEIVE_BUFFER_BYTES);
      } catch {
        // The system's default buffer then; it holds at least one full datagram.
      }
      let stopped: Promise<void> | undefined;
      resolve({
        port: boundPort,
        stats,
        stop: () => {
          stopped ??= new Promise<void>((closed) => socket.close(() => closed())).then(async () => {
            await Promise.all(pending);
          });
          return stopped;
        },
      });
    });
  });
}

/**
 * A reporter that logs its first message at once and then at most one per minute, counting the ones
 * it held back in between.
 */
function throttledReport(prefix: string): (reason: string) => void {
  let lastAt = Number.NEGATIVE_INFINITY;
  let heldBack = 0;
  return (reason) => {
    const now = Date.now();
    if (now - lastAt < REPORT_INTERVAL_MS) {
      heldBack++;
      return;
    }
    const more = heldBack > 0 ? ` (and ${heldBack} more since the last report)` : "";
    console.warn(`${prefix}: ${reason}${more}`);
    lastAt = now;
    heldBack = 0;
  };
}
