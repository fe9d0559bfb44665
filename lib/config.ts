import { z } from "zod";
import {
  allowedHosts,
  commaSeparated,
  corsOrigins,
  durationUs,
  httpUrl,
  list,
  namedTokens,
  peerPort,
} from "./config-values";
import { ROLES } from "./role";

const postgresUrl = z.string().regex(/^postgres(ql)?:\/\//, "expected a postgres:// or postgresql:// URL");

/** The keys whose values Zipkin's autocompleteValues lists unless configured. */
const DEFAULT_AUTOCOMPLETE_KEYS = [
  "http.method",
  "http.request.method",
  "http.status_code",
  "http.response.status_code",
  "http.route",
  "rpc.method",
];

/**
 * Configuration, read from the environment once and validated, so a typo fails at start with a
 * message instead of misbehaving later. README's configuration table lists the same variables.
 */
const schema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /**
     * The address every port listens on: loopback by default, so a laptop's Tracelight is reachable
     * from it alone; 0.0.0.0 (a container) or an interface's address to serve others. HOST is read
     * when it is unset (deprecated).
     */
    TRACELIGHT_HOST: z.string().default("127.0.0.1"),
    TRACELIGHT_ALLOWED_HOSTS: allowedHosts,
    TRACELIGHT_CORS_ORIGINS: corsOrigins,
    /** CSP frame-ancestors: who may frame the pages (e.g. `'self' https://grafana.example`). */
    TRACELIGHT_FRAME_ANCESTORS: z
      .string()
      .regex(
        /^[^;,\r\n]+$/,
        "expected CSP sources separated by spaces, such as 'self' https://grafana.example",
      )
      .default("'none'"),
    DATABASE_URL: postgresUrl.optional(),
    /**
     * Where the reads (searches, traces, the graph; lib/db/pool.ts's read pool) go: a streaming
     * replica of DATABASE_URL's primary, so queries load it instead. Unset, DATABASE_URL. Writes,
     * the background jobs and the health check stay on DATABASE_URL.
     */
    DATABASE_READ_URL: postgresUrl.optional(),
    /**
     * What this instance does (lib/role.ts; README: "Roles"): `all`, or one part of it for instances
     * sharing a database — `ingest` takes spans, `query` only reads (on a replica, as a read-only
     * database role: it never migrates or writes), `maintenance` runs the background jobs. Of the
     * `all` and `maintenance` instances on one database, one at a time runs the jobs (lib/db/leader.ts).
     */
    TRACELIGHT_ROLE: z.enum(ROLES).default("all"),
    TRACELIGHT_DATA_DIR: z.string().default(".data"),
    /** Read by lib/observe/log.ts as the process starts; checked here so a typo stops the start. */
    TRACELIGHT_LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
      .default("info"),
    TRACELIGHT_MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(16 * 1024 * 1024),
    /**
     * The ingest budget (lib/collector/admission.ts): bytes of request bodies (on the wire and
     * decompressed) and requests in Tracelight at once; past either, senders get 429 with Retry-After.
     * Sized for two cores: a decode worker keeps up with about this much, and memory stays under ~1 GB.
     */
    TRACELIGHT_INGEST_MAX_INFLIGHT_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(64 * 1024 * 1024),
    TRACELIGHT_INGEST_MAX_INFLIGHT_REQUESTS: z.coerce.number().int().positive().default(32),
    TRACELIGHT_RETENTION: durationUs.default(7 * 86_400_000_000),
    /**
     * How long the per-minute RED histograms are kept (lib/db/fold-counts.ts); the hourly ones stay
     * as long as traces. Windows reaching further back are read at hour grain.
     */
    TRACELIGHT_MINUTE_RETENTION: durationUs
      .refine((us) => us >= 3_600_000_000, "expected at least 1h")
      .default(86_400_000_000),
    /**
     * How often storage maintenance runs (lib/db/retention.ts): partitions are prepared and dropped,
     * stray and expired rows deleted. Partitions change once a day, so this bounds how long a
     * deferred partition change (its lock was busy), spans of an expired trace outside the dropped
     * partitions, and spans_default's growth wait; a run with nothing to do costs a few index reads.
     */
    TRACELIGHT_MAINTENANCE_INTERVAL: durationUs
      .refine((us) => us >= 1_000_000, "expected at least 1s")
      .default(10 * 60_000_000),
    /**
     * How far ahead of the server's clock a span may start: later ones are refused
     * (lib/ingest/door/span-bounds.ts). The daily partitions are made two days ahead (lib/db/retention.ts),
     * so the default keeps every accepted span in one that retention drops.
     */
    TRACELIGHT_MAX_CLOCK_AHEAD: durationUs.default(86_400_000_000),
    /** The most traces one search returns; larger limits are clamped (lib/search/params.ts says why). */
    TRACELIGHT_QUERY_MAX_LIMIT: z.coerce.number().int().positive().default(1000),
    /** The widest time window one search covers; wider ones keep their most recent part. */
    TRACELIGHT_QUERY_MAX_WINDOW: durationUs.default(7 * 86_400_000_000),
    /** How long one statement of any read (a search, a trace, the graph) may run before a 503. */
    TRACELIGHT_QUERY_TIMEOUT: durationUs.default(10_000_000),
    /**
     * The most spans one read returns (lib/db/traces.ts): a larger trace is served truncated, marked
     * with its true count. 100,000 is the largest trace the timeline is measured at (BENCHMARKS.md).
     */
    TRACELIGHT_MAX_TRACE_SPANS: z.coerce.number().int().positive().default(100_000),
    /** How many whole-trace reads run at once; more wait their turn, and past a queue get a 503. */
    TRACELIGHT_MAX_TRACE_READS: z.coerce.number().int().positive().default(2),
    /**
     * How long after a trace's last span arrives its dependency links are derived: spans of one trace
     * sent in several requests within it make its links once.
     */
    TRACELIGHT_LINK_DELAY: durationUs.default(5_000_000),
    /** The peers' well-known ports (README: "Point your tracer at it"), each serving its protocol. */
    TRACELIGHT_ZIPKIN_PORT: peerPort(9411),
    TRACELIGHT_JAEGER_HTTP_PORT: peerPort(14268),
    TRACELIGHT_OTLP_HTTP_PORT: peerPort(4318),
    TRACELIGHT_OTLP_GRPC_PORT: peerPort(4317),
    TRACELIGHT_DATADOG_PORT: peerPort(8126),
    TRACELIGHT_SAMPLING_PORT: peerPort(5778),
    TRACELIGHT_JAEGER_COMPACT_PORT: peerPort(6831),
    TRACELIGHT_JAEGER_BINARY_PORT: peerPort(6832),
    /**
     * Ingest tokens (lib/access/ingest-tokens.ts): `name:token` pairs, comma-separated. Set, every
     * ingest route needs one and the UDP agent ports keep to loopback; unset, ingest is open.
     */
    TRACELIGHT_INGEST_TOKENS: namedTokens.optional().transform((tokens) => tokens ?? []),
    /** Where the UDP agent ports listen: HOST, or loopback while ingest tokens are on (they carry none). */
    TRACELIGHT_UDP_HOST: z
      .ipv4({ error: "expected an IPv4 address such as 0.0.0.0 or 127.0.0.1" })
      .optional(),
    /**
     * Caps on the names kept for the lists (the search form, the peers' service and operation lists,
     * Zipkin's autocompleteValues) and for the per-operation aggregates (RED, baselines): a client
     * sending ids as service or span names would otherwise grow them without end. Past a cap a span is
     * still stored and found by its exact name; its new name is left out of the lists and counted
     * (`tracelight_cardinality_capped_total`), its calls go to its service's "other operations" (or
     * the "other services") on /services. README: "Bounded names".
     */
    TRACELIGHT_MAX_SERVICES: z.coerce.number().int().positive().default(10_000),
    TRACELIGHT_MAX_OPERATIONS_PER_SERVICE: z.coerce.number().int().positive().default(1000),
    TRACELIGHT_MAX_AUTOCOMPLETE_VALUES: z.coerce.number().int().positive().default(1000),
    /** A Jaeger sampling strategies file (lib/sampling/strategies.ts); without one, everything is sampled. */
    TRACELIGHT_SAMPLING_STRATEGIES: z.string().optional(),
    /**
     * The tag keys whose values are collected for autocompletion (Zipkin's AUTOCOMPLETE_KEYS): keys with
     * a few values each, never ids. "none" collects nothing.
     */
    TRACELIGHT_AUTOCOMPLETE_KEYS: z
      .string()
      .default(DEFAULT_AUTOCOMPLETE_KEYS.join(","))
      .transform((text) => (text.trim() === "none" ? [] : commaSeparated(text))),
    /**
     * Who may read (lib/access/readers.ts; README: "Readers"). Any of read tokens, OpenID Connect
     * sign-in or a trusted proxy's signed identity closes the pages and every read API to whoever
     * has none of them.
     */
    TRACELIGHT_READ_TOKENS: namedTokens.optional(),
    /** Where browsers reach Tracelight: the sign-in callback's address, and Secure cookies on https. */
    TRACELIGHT_PUBLIC_URL: httpUrl
      .refine(
        (url) => new URL(url).pathname === "/",
        "expected an origin such as https://traces.example.com, without a path",
      )
      .transform((url) => new URL(url).origin)
      .optional(),
    TRACELIGHT_OIDC_ISSUER: httpUrl.optional(),
    TRACELIGHT_OIDC_CLIENT_ID: z.string().optional(),
    /** Unset for a public client (PKCE alone); else sent as client_secret_basic, OpenID's default. */
    TRACELIGHT_OIDC_CLIENT_SECRET: z.string().optional(),
    TRACELIGHT_OIDC_SCOPES: z
      .string()
      .default("openid email profile")
      .refine((scopes) => scopes.split(/\s+/).includes("openid"), 'expected "openid" among the scopes'),
    /** The button's "Sign in with …"; the issuer's host name unless set. */
    TRACELIGHT_OIDC_PROVIDER_NAME: z.string().max(64).optional(),
    /** The claim (ID token or userinfo) listing a user's groups, for TRACELIGHT_ALLOWED_GROUPS. */
    TRACELIGHT_OIDC_GROUPS_CLAIM: z.string().default("groups"),
    /** Admit only signed-in users whose verified e-mail is at one of these domains (exactly). */
    TRACELIGHT_ALLOWED_EMAIL_DOMAINS: list
      .transform((domains) => domains.map((d) => d.toLowerCase()))
      .optional(),
    /** Admit only signed-in users in at least one of these groups. */
    TRACELIGHT_ALLOWED_GROUPS: list.optional(),
    TRACELIGHT_SESSION_LIFETIME: durationUs.default(12 * 3_600_000_000),
    /**
     * The key of the session cookies; unset, one is made and kept in TRACELIGHT_DATA_DIR (0600).
     * Instances behind one load balancer share one.
     */
    TRACELIGHT_SESSION_SECRET: z
      .string()
      .min(32, "expected at least 32 characters (openssl rand -hex 32)")
      .optional(),
    /** The header a proxy (Pomerium: X-Pomerium-Jwt-Assertion) puts its signed assertion of the user in. */
    TRACELIGHT_TRUSTED_JWT_HEADER: z
      .string()
      .regex(/^[A-Za-z0-9-]+$/, "expected a header name such as X-Pomerium-Jwt-Assertion")
      .transform((name) => name.toLowerCase())
      .refine((name) => !["authorization", "cookie"].includes(name), "expected a header of the proxy's own")
      .optional(),
    /** Where the proxy publishes the keys it signs with (Pomerium: https://<route>/.well-known/pomerium/jwks.json). */
    TRACELIGHT_TRUSTED_JWKS_URL: httpUrl.optional(),
    TRACELIGHT_TRUSTED_JWT_ISSUER: z.string().optional(),
    /** Pomerium: the route's host. Unset, an assertion minted for another route is taken too. */
    TRACELIGHT_TRUSTED_JWT_AUDIENCE: z.string().optional(),
  })
  .superRefine((config, ctx) => {
    const problem = (variable: string, message: string) =>
      ctx.addIssue({ code: "custom", path: [variable], message });
    if (config.TRACELIGHT_ROLE !== "all" && config.DATABASE_URL === undefined)
      problem(
        "DATABASE_URL",
        `is needed with TRACELIGHT_ROLE=${config.TRACELIGHT_ROLE}: roles split the work of instances sharing one database, never the embedded one`,
      );
    if (config.DATABASE_READ_URL !== undefined && config.DATABASE_URL === undefined)
      problem(
        "DATABASE_READ_URL",
        "is set without DATABASE_URL: a replica's primary is never the embedded database",
      );
    const oidc = config.TRACELIGHT_OIDC_ISSUER !== undefined;
    const proxy = config.TRACELIGHT_TRUSTED_JWT_HEADER !== undefined;
    if (oidc && config.TRACELIGHT_OIDC_CLIENT_ID === undefined)
      problem(
        "TRACELIGHT_OIDC_CLIENT_ID",
        "is needed with TRACELIGHT_OIDC_ISSUER: the client registered at the provider",
      );
    if (oidc && config.TRACELIGHT_PUBLIC_URL === undefined)
      problem(
        "TRACELIGHT_PUBLIC_URL",
        "is needed with TRACELIGHT_OIDC_ISSUER: the provider sends browsers back to <it>/api/auth/callback",
      );
    for (const variable of [
      "TRACELIGHT_OIDC_CLIENT_ID",
      "TRACELIGHT_OIDC_CLIENT_SECRET",
      "TRACELIGHT_OIDC_PROVIDER_NAME",
    ] as const) {
      if (!oidc && config[variable] !== undefined) problem(variable, "is set without TRACELIGHT_OIDC_ISSUER");
    }
    if (proxy !== (config.TRACELIGHT_TRUSTED_JWKS_URL !== undefined))
      problem(
        proxy ? "TRACELIGHT_TRUSTED_JWKS_URL" : "TRACELIGHT_TRUSTED_JWT_HEADER",
        "TRACELIGHT_TRUSTED_JWT_HEADER and TRACELIGHT_TRUSTED_JWKS_URL go together: the header to read and the keys to verify it with",
      );
    for (const variable of ["TRACELIGHT_TRUSTED_JWT_ISSUER", "TRACELIGHT_TRUSTED_JWT_AUDIENCE"] as const) {
      if (!proxy && config[variable] !== undefined)
        problem(variable, "is set without TRACELIGHT_TRUSTED_JWT_HEADER");
    }
    for (const variable of ["TRACELIGHT_ALLOWED_EMAIL_DOMAINS", "TRACELIGHT_ALLOWED_GROUPS"] as const) {
      if (!oidc && !proxy && config[variable] !== undefined)
        problem(
          variable,
          "restricts signed-in users, but neither TRACELIGHT_OIDC_ISSUER nor TRACELIGHT_TRUSTED_JWT_HEADER is set",
        );
    }
  })
  .refine((config) => config.TRACELIGHT_INGEST_MAX_INFLIGHT_BYTES >= config.TRACELIGHT_MAX_BODY_BYTES, {
    path: ["TRACELIGHT_INGEST_MAX_INFLIGHT_BYTES"],
    message: "must be at least TRACELIGHT_MAX_BODY_BYTES, or no request of the largest size is ever admitted",
  });

export type Config = z.infer<typeof schema>;

export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ""));
  const parsed = schema.safeParse({ ...set, TRACELIGHT_HOST: set.TRACELIGHT_HOST ?? set.HOST });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid configuration: ${problems.join("; ")}`);
  }
  return parsed.data;
}
