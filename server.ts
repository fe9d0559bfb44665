import { readFileSync } from "node:fs";
import { createServer, type RequestListener, type Server } from "node:http";
import next from "next";
import pg from "pg";
import { type AccessControl, createAccessControl } from "./lib/access/create-access";
import { describeExposure } from "./lib/access/exposure";
import { agentUdpHost } from "./lib/access/ingest-tokens";
import { type Collector, createCollector } from "./lib/collector/collector";
import { type Config, readConfig } from "./lib/config";
import { startEmbeddedPostgres } from "./lib/db/embedded";
import type { SupervisionOptions } from "./lib/db/embedded-supervisor";
import { foldCountsContinuously } from "./lib/db/fold-counts";
import { leadWhenElected } from "./lib/db/leader";
import { deriveLinksContinuously } from "./lib/db/links";
import { applyMigrations, awaitMigrations } from "./lib/db/migrate";
import { closeDb } from "./lib/db/pool";
import { maintainStorageEvery, preparePartitions } from "./lib/db/retention";
import { createRouter } from "./lib/http/router";
import { apiRoutes } from "./lib/http/routes";
import { samplingPortHandler } from "./lib/http/sampling";
import { listenAgentUdp } from "./lib/net/agent-udp";
import { listenOtlpGrpc } from "./lib/net/otlp-grpc";
import { openHttp, openPeerPorts, type PeerPort } from "./lib/net/peer-ports";
import { log, redactUrl } from "./lib/observe/log";
import { ROLE_PLANS, type RolePlan } from "./lib/role";
import { parseStrategies, SAMPLE_EVERYTHING, type Strategies } from "./lib/sampling/strategies";

/**
 * The one Tracelight process: the database (embedded unless DATABASE_URL names one), migrations,
 * then on PORT at TRACELIGHT_HOST (loopback unless told otherwise) the HTTP APIs (lib/http/router.ts)
 * and Next.js serving the UI, each request through the browser guard first. What of it runs is the
 * role's (TRACELIGHT_ROLE, lib/role.ts): a query instance waits for the schema instead of migrating
 * and takes no spans; the background jobs run on the elected leader alone (lib/db/leader.ts). Stops
 * cleanly on SIGINT/SIGTERM.
 */
/** How long shutdown may take before the process exits anyway. */
const SHUTDOWN_DEADLINE_MS = 30_000;
/** How often due traces' dependency links are derived (lib/db/links.ts). */
const LINK_INTERVAL_MS = 1000;
// Readers add the counts not yet folded, so folding often only keeps the log short.
const FOLD_INTERVAL_MS = 2000;

interface Database {
  url: string;
  description: string;
  stop(): Promise<void>;
}

export async function startTracelight(options: { dev?: boolean } = {}): Promise<void> {
  // What has started, stopped in reverse order on the way out.
  const stopAll: (() => Promise<void>)[] = [];
  // Aborted as shutdown begins: what stops from then on (the embedded database) is not a fault.
  const stopping = new AbortController();
  const shutdown = once(async (code: number) => {
    stopping.abort();
    // A stop step that hangs (a client that never finishes its request) must not keep a process its
    // supervisor is waiting to restart.
    setTimeout(() => process.exit(code), SHUTDOWN_DEADLINE_MS).unref();
    for (const stop of stopAll.reverse()) {
      await stop().catch((error: Error) => log.error({ err: error.message }, "stopping failed"));
    }
    process.exit(code);
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      log.info({ signal }, "shutting down");
      void shutdown(0);
    });
  }

  try {
    const config = readConfig();
    if (process.env.HOST && !process.env.TRACELIGHT_HOST) {
      log.warn({ address: config.TRACELIGHT_HOST }, "HOST is deprecated: set TRACELIGHT_HOST instead");
    }
    // A dead embedded database that cannot be restarted ends the process (non-zero) for its supervisor.
    const database = await openDatabase(config, {
      signal: stopping.signal,
      onGiveUp: () => void shutdown(1),
    });
    stopAll.push(database.stop);
    const plan = ROLE_PLANS[config.TRACELIGHT_ROLE];
    await checkConnection(database.url);
    await prepareSchema(config, plan, database.url);
    // Route handlers run in this process and read it from here.
    process.env.DATABASE_URL = database.url;
    stopAll.push(closeDb);
    if (plan.migrates) await preparePartitions(config.TRACELIGHT_RETENTION);
    if (plan.leads) stopAll.push(leadWhenElected(database.url, () => startJobs(config)).stop);

    const app = next({
      dev: options.dev === true,
      dir: import.meta.dirname,
      hostname: config.TRACELIGHT_HOST,
      port: config.PORT,
    });
    await app.prepare();
    const handle = app.getRequestHandler();
    const strategies = readStrategies(config);
    const collector = createCollector(config);
    stopAll.push(collector.close);
    const access = createAccessControl(config);
    const api = createRouter(
      [...apiRoutes(collector, config, strategies), ...access.routes],
      access.authorize,
    );
    const serve: RequestListener = (request, response) => {
      if (!access.guard(request, response) || api(request, response)) return;
      void access.page(request, response, () => handle(request, response));
    };
    const server = createServer(serve);
    await listen(server, config.PORT, config.TRACELIGHT_HOST);
    stopAll.push(() => new Promise((resolve) => server.close(() => resolve())));
    const peers = await openPeerPorts(
      peerPorts(config, plan, serve, strategies, collector, access),
      config.TRACELIGHT_HOST,
    );
    stopAll.push(peers.stop);
    logEndpoints(config, plan, database, peers.listening);
  } catch (error) {
    log.fatal({ err: (error as Error).message }, `tracelight: ${(error as Error).message}`);
    await shutdown(1);
  }
}

/**
 * Migrations at start, one instance at a time (lib/db/migrate.ts); a role that never migrates (query,
 * on a read replica as a role that can only read) waits until the database it reads has them.
 */
async function prepareSchema(config: Config, plan: RolePlan, url: string): Promise<void> {
  if (plan.migrates) {
    const applied = await applyMigrations(url);
    if (applied.length > 0) log.info({ migrations: applied }, "applied migrations");
    return;
  }
  const latest = await awaitMigrations(config.DATABASE_READ_URL ?? url);
  log.info({ migration: latest }, "the schema is there; this role never migrates");
}

/**
 * The background jobs the leader runs: storage maintenance, count folding, link derivation. Answers
 * how to stop them, once a run in progress has ended.
 */
function startJobs(config: Config): () => Promise<void> {
  const stopMaintenance = maintainStorageEvery(
    config.TRACELIGHT_RETENTION,
    config.TRACELIGHT_MAINTENANCE_INTERVAL,
    config.TRACELIGHT_MINUTE_RETENTION,
  );
  const stopFolding = foldCountsContinuously(config.TRACELIGHT_MINUTE_RETENTION, FOLD_INTERVAL_MS);
  const stopLinks = deriveLinksContinuously(LINK_INTERVAL_MS);
  return async () => {
    stopLinks();
    stopFolding();
    await stopMaintenance();
  };
}

/**
 * The peers' ports, each serving what its peer serves there; the HTTP ones answer like the main port,
 * OTLP/gRPC asks for the same ingest tokens, and the UDP ones, which cannot carry a token, keep to
 * loopback while tokens are on (agentUdpHost). An instance whose role takes no spans opens no UDP
 * port, which could not tell the sender why; the others answer its role's refusal (lib/access).
 */
function peerPorts(
  config: Config,
  plan: RolePlan,
  serve: RequestListener,
  strategies: Strategies,
  collector: Collector,
  access: Pick<AccessControl, "ingest">,
): PeerPort[] {
  const http = (name: string, variable: keyof Config & string): PeerPort => ({
    name,
    variable,
    port: config[variable] as number | "off",
    open: openHttp(serve),
  });
  const udp = agentUdpHost(config);
  const compactPort = plan.ingests ? config.TRACELIGHT_JAEGER_COMPACT_PORT : "off";
  const binaryPort = plan.ingests ? config.TRACELIGHT_JAEGER_BINARY_PORT : "off";
  const udpPortsOn = compactPort !== "off" || binaryPort !== "off";
  if (udp.notice && udpPortsOn) log.info({ udpHost: udp.host }, udp.notice);
  return [
    http("Zipkin (HTTP)", "TRACELIGHT_ZIPKIN_PORT"),
    http("Jaeger collector (HTTP)", "TRACELIGHT_JAEGER_HTTP_PORT"),
    http("OTLP/HTTP", "TRACELIGHT_OTLP_HTTP_PORT"),
    http("Datadog agent (HTTP)", "TRACELIGHT_DATADOG_PORT"),
    {
      name: "OTLP/gRPC",
      variable: "TRACELIGHT_OTLP_GRPC_PORT",
      port: config.TRACELIGHT_OTLP_GRPC_PORT,
      open: (port, host) =>
        listenOtlpGrpc(
          port,
          host,
          (body, sender) =>
            collector.collectWhole({
              transport: "grpc",
              format: "otlp-proto",
              body,
              ...(sender ? { sender } : {}),
            }),
          config.TRACELIGHT_MAX_BODY_BYTES,
          access.ingest.decide,
        ),
    },
    // Both agent ports take both Thrift protocols; the names say which one their peer expects.
    {
      name: "Jaeger agent (UDP, compact Thrift)",
      variable: "TRACELIGHT_JAEGER_COMPACT_PORT",
      port: compactPort,
      open: (port) => listenAgentUdp(port, udp.host, collector),
    },
    {
      name: "Jaeger agent (UDP, binary Thrift)",
      variable: "TRACELIGHT_JAEGER_BINARY_PORT",
      port: binaryPort,
      open: (port) => listenAgentUdp(port, udp.host, collector),
    },
    {
      name: "Jaeger sampling (HTTP)",
      variable: "TRACELIGHT_SAMPLING_PORT",
      port: config.TRACELIGHT_SAMPLING_PORT,
      open: openHttp(samplingPortHandler(strategies)),
    },
  ];
}

function readStrategies(config: Config): Strategies {
  const path = config.TRACELIGHT_SAMPLING_STRATEGIES;
  if (path === undefined) return SAMPLE_EVERYTHING;
  try {
    return parseStrategies(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`TRACELIGHT_SAMPLING_STRATEGIES (${path}): ${(error as Error).message}`);
  }
}

async function openDatabase(config: Config, supervision: SupervisionOptions): Promise<Database> {
  if (config.DATABASE_URL) {
    return { url: config.DATABASE_URL, description: redactUrl(config.DATABASE_URL), stop: async () => {} };
  }
  const embedded = await startEmbeddedPostgres(config.TRACELIGHT_DATA_DIR, supervision);
  return { ...embedded, description: `embedded PostgreSQL, data in ${config.TRACELIGHT_DATA_DIR}/postgres` };
}

async function checkConnection(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    throw new Error(`cannot connect to the database at ${redactUrl(url)}: ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`port ${port} is already in use: stop what holds it or set PORT`)
          : error,
      ),
    );
    server.listen(port, host, () => resolve());
  });
}

function logEndpoints(config: Config, plan: RolePlan, database: Database, peers: string[]): void {
  const base = `http://localhost:${config.PORT}`;
  const { warning, ...exposure } = describeExposure(config);
  const ingest = plan.ingests
    ? {
        zipkin: `POST ${base}/api/v2/spans (v2 JSON, proto3), ${base}/api/v1/spans (v1 JSON, Thrift)`,
        jaeger: `POST ${base}/api/traces (Thrift)`,
        otlp: `POST ${base}/v1/traces (protobuf, JSON)`,
        upload: `POST ${base}/api/upload`,
      }
    : { ingest: "refused: this role takes no spans" };
  log.info(
    {
      role: config.TRACELIGHT_ROLE,
      ...exposure,
      ui: base,
      ...ingest,
      health: `${base}/api/health`,
      metrics: `${base}/metrics`,
      sampling: `${base}/api/sampling?service=`,
      peerPorts: peers,
      database: database.description,
      ...(config.DATABASE_READ_URL ? { readDatabase: redactUrl(config.DATABASE_READ_URL) } : {}),
    },
    `Tracelight is running on ${base}`,
  );
  if (warning) log.warn(warning);
}

function once<T extends unknown[]>(fn: (...args: T) => Promise<void>): (...args: T) => Promise<void> {
  let running: Promise<void> | undefined;
  return (...args) => {
    running ??= fn(...args);
    return running;
  };
}
