import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/**
 * Every metric Tracelight exports on `GET /metrics` (Prometheus text format), defined here once so
 * that their names and labels are one list. The registry lives on globalThis: Next.js may load this
 * module a second time in its own bundle, and both copies must count into the same registry.
 *
 * Labels are always from small fixed sets (a transport, a format, a route pattern, an outcome, an
 * ingest token's configured name), never from what a client sent, so a client cannot grow the series.
 */
/** What a connection pool reports (pg.Pool's counters), read at each scrape. */
export interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

function createMetrics() {
  const registry = new Registry();
  const pools = new Map<string, PoolCounts>();
  collectDefaultMetrics({ register: registry, prefix: "tracelight_" });
  const ingest = ["transport", "format"] as const;
  return {
    registry,
    ingestRequests: new Counter({
      name: "tracelight_ingest_requests_total",
      help: "Ingest requests (UDP: datagrams) by transport, format and outcome: stored, refused, busy, unavailable, failed, unauthenticated (no or an unknown ingest token), forbidden (an instance whose role takes no spans)",
      labelNames: [...ingest, "outcome"],
      registers: [registry],
    }),
    ingestBytes: new Counter({
      name: "tracelight_ingest_bytes_total",
      help: "Bytes of ingest bodies received, before decompression",
      labelNames: ingest,
      registers: [registry],
    }),
    spansReceived: new Counter({
      name: "tracelight_spans_received_total",
      help: "Spans decoded from ingest requests",
      labelNames: ingest,
      registers: [registry],
    }),
    spansStored: new Counter({
      name: "tracelight_spans_stored_total",
      help: "Spans committed to PostgreSQL (a span sent again is stored once and counted once)",
      labelNames: ingest,
      registers: [registry],
    }),
    spansRefused: new Counter({
      name: "tracelight_spans_refused_total",
      help: "Decoded spans refused with their request (a 4xx): values out of bounds or unstorable",
      labelNames: ingest,
      registers: [registry],
    }),
    spansDropped: new Counter({
      name: "tracelight_spans_dropped_total",
      help: "Spans dropped without an answer to the sender (UDP): reason queue_full or unavailable",
      labelNames: [...ingest, "reason"],
      registers: [registry],
    }),
    tokenRequests: new Counter({
      name: "tracelight_ingest_token_requests_total",
      help: "Ingest requests that carried an ingest token, by the token's name (TRACELIGHT_INGEST_TOKENS) and outcome",
      labelNames: ["token", "outcome"],
      registers: [registry],
    }),
    tokenSpansStored: new Counter({
      name: "tracelight_ingest_token_spans_stored_total",
      help: "Spans committed to PostgreSQL from requests that carried an ingest token, by the token's name",
      labelNames: ["token"],
      registers: [registry],
    }),
    inflightBytes: new Gauge({
      name: "tracelight_ingest_inflight_bytes",
      help: "Bytes of ingest requests admitted and not yet answered (wire and decompressed)",
      registers: [registry],
    }),
    inflightRequests: new Gauge({
      name: "tracelight_ingest_inflight_requests",
      help: "Ingest requests admitted and not yet answered",
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "tracelight_http_request_duration_seconds",
      help: "HTTP API requests by route pattern, method and status",
      labelNames: ["route", "method", "status"],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    /** The pools the gauge below reads, by name; lib/db/pool.ts adds its own. */
    pools,
    dbPool: new Gauge({
      name: "tracelight_db_pool_connections",
      help: "Database connections by pool and state: total, idle, and requests waiting for one",
      labelNames: ["pool", "state"],
      registers: [registry],
      collect() {
        for (const [pool, counts] of pools) {
          this.set({ pool, state: "total" }, counts.totalCount);
          this.set({ pool, state: "idle" }, counts.idleCount);
          this.set({ pool, state: "waiting" }, counts.waitingCount);
        }
      },
    }),
    dbErrors: new Counter({
      name: "tracelight_db_errors_total",
      help: "Database failures by kind: unavailable (cannot connect, restarting), timeout, other",
      labelNames: ["kind"],
      registers: [registry],
    }),
    linkLag: new Gauge({
      name: "tracelight_link_derivation_lag_seconds",
      help: "How long the oldest trace due for dependency-link derivation has been waiting",
      registers: [registry],
    }),
    countsFolded: new Counter({
      name: "tracelight_counts_folded_total",
      help: "Rows of appended latency counts folded into the minute and hour histograms (lib/db/fold-counts.ts)",
      registers: [registry],
    }),
    countsPending: new Gauge({
      name: "tracelight_counts_pending_rows",
      help: "Rows of appended latency counts still to fold, after the last fold",
      registers: [registry],
    }),
    cardinalityCapped: new Counter({
      name: "tracelight_cardinality_capped_total",
      help: "New names a cap left out of the lists, counted per batch that carried them, by kind: service, operation, remote_service, autocomplete_value",
      labelNames: ["kind"],
      registers: [registry],
    }),
    readRequests: new Counter({
      name: "tracelight_read_requests_total",
      help: "Reads (API requests and pages) let in by a credential, by kind (read-token, session, proxy) and the read token's name (empty for a person)",
      labelNames: ["kind", "token"],
      registers: [registry],
    }),
    readRefused: new Counter({
      name: "tracelight_read_refused_total",
      help: "Reads refused, by reason: missing (no credential), bad_token, bad_assertion (the proxy's), not_allowed (a person the allowed domains or groups leave out)",
      labelNames: ["reason"],
      registers: [registry],
    }),
    browserRefused: new Counter({
      name: "tracelight_browser_refused_total",
      help: "Requests the browser guard refused (lib/access/browser.ts), by reason: host (not a name of this server), origin (another site's page), fetch-site (another site's subresource)",
      labelNames: ["reason"],
      registers: [registry],
    }),
    embeddedRestarts: new Counter({
      name: "tracelight_embedded_postgres_restarts_total",
      help: "Restarts of the embedded PostgreSQL after it died",
      registers: [registry],
    }),
    leader: new Gauge({
      name: "tracelight_leader",
      help: "1 while this instance is the leader that runs the background jobs (lib/db/leader.ts), else 0",
      registers: [registry],
    }),
    leaderTakeovers: new Counter({
      name: "tracelight_leader_takeovers_total",
      help: "Times this instance became the leader (at its start, or taking over from one that went)",
      registers: [registry],
    }),
    maintenanceRuns: new Counter({
      name: "tracelight_maintenance_runs_total",
      help: "Storage maintenance runs (lib/db/retention.ts) by outcome: done, partial (a partition change deferred), skipped (another instance ran), failed",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    maintenanceLastSuccess: new Gauge({
      name: "tracelight_maintenance_last_success_timestamp_seconds",
      help: "When storage maintenance last completed with nothing deferred (Unix time)",
      registers: [registry],
    }),
    maintenanceTracesDeleted: new Counter({
      name: "tracelight_maintenance_traces_deleted_total",
      help: "Traces deleted whole by storage maintenance, by reason: expired (started before the first kept day), future (a span in spans_default past the prepared partitions)",
      labelNames: ["reason"],
      registers: [registry],
    }),
    maintenancePartitions: new Counter({
      name: "tracelight_maintenance_partitions_total",
      help: "Daily partitions of spans created or dropped by storage maintenance",
      labelNames: ["change"],
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

const globalForMetrics = globalThis as typeof globalThis & { tracelightMetrics?: Metrics };

globalForMetrics.tracelightMetrics ??= createMetrics();

export const metrics: Metrics = globalForMetrics.tracelightMetrics;
