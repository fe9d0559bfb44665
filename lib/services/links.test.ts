import { beforeAll, describe, expect, it } from "vitest";
import { readZipkinV2Fixture } from "../../test/fixtures";
import { LARGE_TRACE_SERVICES, largeZipkinTrace } from "../../test/large-trace";
import { makeSpan } from "../../test/spans";
import { normaliseSpans } from "../ingest/door/normalise";
import { decodeZipkinV2 } from "../ingest/zipkin/v2";
import { MAX_SERVICE_NAME_LENGTH, type Span, type SpanKind, UNKNOWN_SERVICE } from "../model/span";
import { type LinkCall, type NodeKind, PEER_ATTRIBUTE_KEYS, traceLinks } from "./links";

const ERROR = { status: { code: "ERROR" as const } };

/** A span of a hand-made trace: ids are short names, padded to span ids. */
function span(
  id: string,
  parent: string | undefined,
  kind: SpanKind,
  service: string,
  fields: Partial<Span> = {},
) {
  const parentSpanId = parent === undefined ? {} : { parentSpanId: parent.padStart(16, "0") };
  return makeSpan({ spanId: id.padStart(16, "0"), ...parentSpanId, kind, serviceName: service, ...fields });
}

/** Each call as "parent → child", "!" marking a failed one, sorted. */
const described = (calls: LinkCall[]) =>
  calls.map(({ parent, child, error }) => `${parent} → ${child}${error ? " !" : ""}`).sort();

/** Calls and failed calls per "parent → child". */
function pairCounts(calls: LinkCall[]): Record<string, [calls: number, errors: number]> {
  const counts: Record<string, [number, number]> = {};
  for (const { parent, child, error } of calls) {
    const pair = `${parent} → ${child}`;
    const [callCount, errorCount] = counts[pair] ?? [0, 0];
    counts[pair] = [callCount + 1, errorCount + (error ? 1 : 0)];
  }
  return counts;
}

const zipkinFixture = (name: string) =>
  normaliseSpans(decodeZipkinV2(readZipkinV2Fixture(`zipkin/lens-testdata/${name}.json`)).spans);

describe("traceLinks: Zipkin's rules on hand-made traces", () => {
  it.each<[string, Span[], string[]]>([
    [
      "instrumented on both sides (B3 child ids): the server counts the call once",
      [
        span("a", undefined, "SERVER", "web"),
        span("b", "a", "CLIENT", "web", { remoteServiceName: "app" }),
        span("c", "b", "SERVER", "app"),
      ],
      ["web → app"],
    ],
    [
      "Zipkin shared span: the server half's caller is its client half's service",
      [
        span("c", "b", "CLIENT", "app", { remoteServiceName: "db", ...ERROR }),
        span("b", "a", "SERVER", "app", { shared: true, remoteServiceName: "web" }),
        span("b", "a", "CLIENT", "web", { remoteServiceName: "app" }),
        span("a", undefined, "SERVER", "web"),
      ],
      ["app → db !", "web → app"],
    ],
    [
      "shared span whose server half lost its parent id still finds its client half",
      [
        span("a", undefined, "SERVER", "arn"),
        span("b", "a", "CLIENT", "arn"),
        span("b", undefined, "SERVER", "link", { shared: true }),
      ],
      ["arn → link"],
    ],
    [
      "the server's service beats the name the client chose",
      [
        span("a", undefined, "CLIENT", "client", { remoteServiceName: "elephant" }),
        span("b", "a", "SERVER", "server"),
      ],
      ["client → server"],
    ],
    [
      "the instrumented caller beats the server's remoteServiceName",
      [span("a", undefined, "CLIENT", "web"), span("b", "a", "SERVER", "app", { remoteServiceName: "lb" })],
      ["web → app"],
    ],
    [
      "a failed client half marks its server's call failed",
      [span("a", undefined, "CLIENT", "web", ERROR), span("b", "a", "SERVER", "app")],
      ["web → app !"],
    ],
    [
      "both halves failed: one call, one error",
      [
        span("a", undefined, "CLIENT", "client", ERROR),
        span("a", undefined, "SERVER", "server", { shared: true, ...ERROR }),
      ],
      ["client → server !"],
    ],
    [
      "two server children of one client: two calls",
      [
        span("a", undefined, "CLIENT", "client"),
        span("b", "a", "SERVER", "server", ERROR),
        span("c", "a", "SERVER", "server"),
      ],
      ["client → server", "client → server !"],
    ],
    [
      "calls to an uninstrumented service count one each",
      [
        span("a", undefined, "SERVER", "frontend"),
        span("b", "a", "CLIENT", "frontend", { remoteServiceName: "backend" }),
        span("c", "a", "CLIENT", "frontend", { remoteServiceName: "backend", ...ERROR }),
      ],
      ["frontend → backend", "frontend → backend !"],
    ],
    [
      "client-only call to an uninstrumented database: api → postgresql, its error counted",
      [
        span("a", undefined, "SERVER", "api"),
        span("b", "a", "CLIENT", "api", { attributes: { "db.system": "postgresql" }, ...ERROR }),
      ],
      ["api → postgresql !"],
    ],
    [
      "the database's name qualifies its system",
      [
        span("b", undefined, "CLIENT", "api", {
          attributes: { "db.system": "postgresql", "db.name": "orders" },
        }),
      ],
      ["api → postgresql/orders"],
    ],
    [
      "peer.service names an uninstrumented service",
      [
        span("b", undefined, "CLIENT", "api", {
          attributes: { "peer.service": "billing", "server.address": "10.0.0.1" },
        }),
      ],
      ["api → billing"],
    ],
    [
      "server.address names an external host",
      [span("b", undefined, "CLIENT", "api", { attributes: { "server.address": "api.stripe.com" } })],
      ["api → api.stripe.com"],
    ],
    [
      "net.peer.name, before OTel 1.21, names it too",
      [span("b", undefined, "CLIENT", "api", { attributes: { "net.peer.name": "legacy.local" } })],
      ["api → legacy.local"],
    ],
    [
      "a client naming no peer makes no call",
      [span("a", undefined, "SERVER", "api", { remoteServiceName: "web" }), span("b", "a", "CLIENT", "api")],
      ["web → api"],
    ],
    [
      "messaging: producer → broker → consumer, the broker named by messaging.system and destination",
      [
        span("a", undefined, "PRODUCER", "orders", {
          attributes: {
            "messaging.system": "kafka",
            "messaging.destination.name": "placed",
            "server.address": "k1",
          },
        }),
        span("b", "a", "CONSUMER", "billing", {
          attributes: { "messaging.system": "kafka", "messaging.destination.name": "placed" },
        }),
      ],
      ["kafka/placed → billing", "orders → kafka/placed"],
    ],
    [
      "messaging: a temporary destination is left out of the broker's name",
      [
        span("a", undefined, "PRODUCER", "api", {
          attributes: {
            "messaging.system": "rabbitmq",
            "messaging.destination.name": "amq.gen-x1",
            "messaging.destination.temporary": true,
          },
        }),
      ],
      ["api → rabbitmq"],
    ],
    [
      "Zipkin messaging: the remote service names the broker on both sides",
      [
        span("a", undefined, "PRODUCER", "producer", { remoteServiceName: "kafka" }),
        span("b", "a", "CONSUMER", "consumer", { remoteServiceName: "kafka" }),
      ],
      ["kafka → consumer", "producer → kafka"],
    ],
    [
      "Zipkin messaging: different brokers are not conflated",
      [
        span("a", undefined, "PRODUCER", "producer", { remoteServiceName: "kafka1" }),
        span("b", "a", "CONSUMER", "consumer", { remoteServiceName: "kafka2" }),
      ],
      ["kafka2 → consumer", "producer → kafka1"],
    ],
    [
      "a consumer naming no broker is not linked to its producer's service",
      [
        span("a", undefined, "PRODUCER", "producer", { remoteServiceName: "kafka" }),
        span("b", "a", "CONSUMER", "consumer"),
      ],
      ["producer → kafka"],
    ],
    [
      "messaging spans naming no broker make no call",
      [span("a", undefined, "PRODUCER", "producer"), span("b", "a", "CONSUMER", "consumer")],
      [],
    ],
    [
      "a server under a producer is an RPC",
      [span("a", undefined, "PRODUCER", "producer"), span("b", "a", "SERVER", "server")],
      ["producer → server"],
    ],
    [
      "a client with a consumer under it leaves the call to the consumer, which names no broker",
      [span("a", undefined, "CLIENT", "client"), span("b", "a", "CONSUMER", "consumer")],
      [],
    ],
    [
      "missing parent: an orphan server naming its caller is still linked",
      [span("b", "gone", "SERVER", "app", { remoteServiceName: "web" })],
      ["web → app"],
    ],
    [
      "missing parent: an orphan server naming no caller has none (Zipkin would blame the root)",
      [span("a", undefined, "SERVER", "web"), span("b", "gone", "SERVER", "app")],
      [],
    ],
    [
      "missing parent: orphans under one another still link",
      [span("b", "gone", "SERVER", "service1"), span("c", "b", "SERVER", "service2")],
      ["service1 → service2"],
    ],
    [
      "a root server names its caller by remoteServiceName",
      [span("a", undefined, "SERVER", "server", { remoteServiceName: "client" })],
      ["client → server"],
    ],
    ["a root server naming no caller makes no call", [span("a", undefined, "SERVER", "server")], []],
    [
      "loopback: a service calling itself through the network is kept, as Zipkin keeps it",
      [span("a", undefined, "CLIENT", "frontend"), span("b", "a", "SERVER", "frontend")],
      ["frontend → frontend"],
    ],
    [
      "loopback: a root client naming its own service",
      [span("a", undefined, "CLIENT", "service", { remoteServiceName: "service" })],
      ["service → service"],
    ],
    [
      "one request instrumented twice in a service counts once",
      [
        span("a", undefined, "CLIENT", "web"),
        span("b", "a", "SERVER", "api"),
        span("c", "b", "INTERNAL", "api"),
        span("d", "c", "SERVER", "api"),
      ],
      ["web → api"],
    ],
    [
      "INTERNAL spans are looked through: the clients below count from the server's service",
      [
        span("a", undefined, "SERVER", "frontend"),
        span("b", "a", "INTERNAL", "frontend"),
        span("c", "b", "CLIENT", "frontend", { remoteServiceName: "backend" }),
        span("d", "b", "CLIENT", "frontend", { remoteServiceName: "backend" }),
      ],
      ["frontend → backend", "frontend → backend"],
    ],
    [
      "an INTERNAL span with database attributes is not a call",
      [span("a", undefined, "INTERNAL", "api", { attributes: { "db.system": "postgresql" } })],
      [],
    ],
    [
      "a Zipkin span without a kind but with a remote service is a client",
      [
        span("a", undefined, "INTERNAL", "some-client", { remoteServiceName: "web" }),
        span("b", "a", "INTERNAL", "web", { remoteServiceName: "app", ...ERROR }),
        span("c", "b", "INTERNAL", "app", { remoteServiceName: "db" }),
      ],
      ["app → db", "some-client → web", "web → app !"],
    ],
    [
      "Zipkin's missing link: a client under another service's server shows a call into its service",
      [
        span("a", undefined, "SERVER", "web"),
        span("b", "a", "CLIENT", "app", { remoteServiceName: "db", ...ERROR }),
      ],
      ["app → db !", "web → app"],
    ],
    [
      "two clients under one unrecorded entry make one call into their service (Zipkin counts two)",
      [
        span("a", undefined, "SERVER", "frontend"),
        span("b", "a", "INTERNAL", UNKNOWN_SERVICE),
        span("c", "b", "CLIENT", "backend"),
        span("d", "b", "CLIENT", "backend"),
      ],
      ["frontend → backend"],
    ],
    [
      "a callee instrumented without a server span is named by its spans under the client",
      [
        span("a", undefined, "CLIENT", "front"),
        span("b", "a", "CLIENT", "backend", { remoteServiceName: "db", ...ERROR }),
        span("c", "a", "CLIENT", "backend", { remoteServiceName: "db" }),
      ],
      ["backend → db", "backend → db !", "front → backend"],
    ],
    [
      "layers of one call in one service count once, named by the outer layer",
      [
        span("a", undefined, "SERVER", "api"),
        span("b", "a", "CLIENT", "api", { remoteServiceName: "orders" }),
        span("c", "b", "CLIENT", "api", { attributes: { "server.address": "orders.internal" }, ...ERROR }),
      ],
      ["api → orders !"],
    ],
    [
      "retries under a logical call count one each",
      [
        span("b", undefined, "CLIENT", "api", { remoteServiceName: "orders" }),
        span("c", "b", "CLIENT", "api", ERROR),
        span("d", "b", "CLIENT", "api"),
      ],
      ["api → orders", "api → orders !"],
    ],
    [
      "spans of an unknown service make no call",
      [
        span("a", undefined, "CLIENT", UNKNOWN_SERVICE, { remoteServiceName: "app" }),
        span("b", undefined, "SERVER", "app"),
        span("c", "b", "SERVER", "app2", { remoteServiceName: "x" }),
      ],
      ["app → app2"],
    ],
    ["no spans, no calls", [], []],
  ])("%s", (_name, spans, expected) => {
    expect(described(traceLinks(spans).calls)).toEqual(expected);
  });

  it("the issue's case: three services and a failing database call", () => {
    const { calls, nodes } = traceLinks([
      span("a", undefined, "SERVER", "front"),
      span("b", "a", "CLIENT", "front", { remoteServiceName: "api" }),
      span("c", "b", "SERVER", "api"),
      span("d", "c", "CLIENT", "api", { attributes: { "db.system": "postgresql" }, ...ERROR }),
      span("e", "c", "CLIENT", "api", { attributes: { "db.system": "postgresql" } }),
    ]);
    expect(pairCounts(calls)).toEqual({ "front → api": [1, 0], "api → postgresql": [2, 1] });
    expect(Object.fromEntries(nodes)).toEqual({ front: "service", api: "service", postgresql: "database" });
  });

  it("a call's duration and start are those of the span it is counted from", () => {
    const { calls } = traceLinks([
      span("b", undefined, "CLIENT", "web", { startUs: 1_000, durationUs: 500 }),
      span("c", "b", "SERVER", "app", { startUs: 1_100, durationUs: 300 }),
      span("d", "c", "CLIENT", "app", { remoteServiceName: "db", startUs: 1_150, durationUs: 40 }),
    ]);
    expect(calls).toEqual([
      { parent: "web", child: "app", error: false, startUs: 1_100, durationUs: 300 },
      { parent: "app", child: "db", error: false, startUs: 1_150, durationUs: 40 },
    ]);
  });

  it.each<[string, Partial<Span>, SpanKind, NodeKind]>([
    ["a db.system peer is a database", { attributes: { "db.system": "redis" } }, "CLIENT", "database"],
    [
      "Brave's sql.query marks a named peer a database",
      { remoteServiceName: "app_db", attributes: { "sql.query": "select 1" } },
      "CLIENT",
      "database",
    ],
    ["a broker is a queue", { attributes: { "messaging.system": "kafka" } }, "PRODUCER", "queue"],
    ["a producer's named peer is a queue", { remoteServiceName: "rabbitmq" }, "PRODUCER", "queue"],
    ["a host is external", { attributes: { "server.address": "example.com" } }, "CLIENT", "external"],
    ["a named peer is a service", { remoteServiceName: "billing" }, "CLIENT", "service"],
  ])("node kinds: %s", (_name, fields, kind, expected) => {
    const { calls, nodes } = traceLinks([span("a", undefined, kind, "api", fields)]);
    expect(calls).toHaveLength(1);
    expect(nodes.get("api")).toBe("service");
    expect(nodes.get(calls[0]?.child ?? "")).toBe(expected);
  });

  it("a peer named from a long attribute value is cut to a service name's length, as it is stored", () => {
    const { calls, nodes } = traceLinks([
      span("a", undefined, "CLIENT", "api", {
        attributes: { "db.system": "postgresql", "db.name": "x".repeat(60_000) },
      }),
    ]);
    const peer = `postgresql/${"x".repeat(MAX_SERVICE_NAME_LENGTH - "postgresql/".length)}`;
    expect(calls.map(({ child }) => child)).toEqual([peer]);
    expect(nodes.get(peer)).toBe("database");
  });

  it("node kinds: a name that is also an instrumented service is a service", () => {
    const { nodes } = traceLinks([
      span("a", undefined, "CLIENT", "api", { attributes: { "db.system": "search" } }),
      span("b", undefined, "SERVER", "search", { remoteServiceName: "api" }),
    ]);
    expect(nodes.get("search")).toBe("service");
  });
});

describe("traceLinks on a generated 600-span trace", () => {
  it("makes one call per server span under another service's span, joining known nodes, one failed", () => {
    const spans = normaliseSpans(decodeZipkinV2(largeZipkinTrace("0000000000000000000000000000a600")).spans);
    const { calls, nodes } = traceLinks(spans);
    expect(calls).toHaveLength(spans.length - 1);
    expect([...nodes.keys()].sort()).toEqual([...LARGE_TRACE_SERVICES].sort());
    expect(calls.filter((call) => call.parent === call.child)).toEqual([]);
    expect(calls.filter((call) => call.error)).toHaveLength(1);
  });
});

describe("traceLinks: Zipkin Lens test traces", { tags: ["corpus"] }, () => {
  // No Zipkin test states the links of these files: the expectations are Zipkin's rules applied by
  // hand to each file (read with jq); where Zipkin's answer differs, the case says so.
  it.each<[string, Record<string, [number, number]>]>([
    ["messaging", { "frontend → rabbitmq": [1, 0], "rabbitmq → backend": [1, 0] }],
    [
      "messaging-kafka",
      { "servicea → kafka": [9, 0], "kafka → servicea": [4, 0], "kafka → serviceb": [3, 0] },
    ],
    [
      // Zipkin hangs the six orphans under the root and adds mobile-gateway → transfer-service × 2.
      "messaging2",
      {
        "mobile-gateway → auth-service": [1, 0],
        "transfer-service → rabbitmq": [1, 0],
        "rabbitmq → notification-service": [1, 0],
      },
    ],
    ["ascend", { "mobile-gateway → auth-service": [1, 0], "mobile-gateway → content-service": [1, 0] }],
    ["skew", { "servicea → serviceb": [1, 0] }],
    ["simple-db-p6", { "bootifulmeters → app_db": [4, 0] }],
    [
      // Zipkin counts yelp_main/api_proxy → yelp-main once per yelp-main client below it: 5.
      "yelp",
      {
        "unknown → yelp_main/api_proxy": [1, 0],
        "yelp_main/api_proxy → yelp-main": [1, 0],
        "yelp-main → memcache": [3, 0],
        "yelp-main → mysql": [2, 0],
        "yelp-main → mobile_api": [1, 0],
        "mobile_api → memcache": [2, 0],
        "mobile_api → blt": [1, 0],
        "mobile_api → spectre": [1, 0],
      },
    ],
    ["envoy", {}],
    ["malformed", {}],
  ])("%s", (name, expected) => {
    expect(pairCounts(traceLinks(zipkinFixture(name)).calls)).toEqual(expected);
  });

  it("messaging: the broker is a queue, the services services", () => {
    const { nodes } = traceLinks(zipkinFixture("messaging"));
    expect(Object.fromEntries(nodes)).toEqual({ frontend: "service", rabbitmq: "queue", backend: "service" });
  });

  // The tallies of kind, local → remote service and shared in the file give these counts: 50
  // Cassandra clients of auth naming keyspace "auth" as remote, 8 shared datamgmt servers whose client
  // half is datamgmt, 22 auth, 5 account and 5 pusher shared servers.
  it("smartthings-oauth-authorization: calls per pair", () => {
    expect(pairCounts(traceLinks(zipkinFixture("smartthings-oauth-authorization")).calls)).toEqual({
      "auth → auth": [50, 0],
      "bouncer → pusher": [5, 0],
      "datamgmt → account": [5, 0],
      "datamgmt → auth": [20, 0],
      "datamgmt → bouncer": [1, 0],
      "datamgmt → datamgmt": [8, 0],
      "datamgmt → stlogin": [2, 0],
      "pusher → dove": [1, 0],
      "pusher → paperboy": [1, 0],
      "stlogin → auth": [2, 1],
      "stlogin → datamgmt": [2, 0],
    });
  });

  describe.each(["smartthings-mobile-web-install", "smartthings-oauth-authorization", "yelp", "ascend"])(
    "invariants: %s",
    (name) => {
      let spans: Span[];
      let calls: ReturnType<typeof traceLinks>["calls"];
      let nodes: ReturnType<typeof traceLinks>["nodes"];
      beforeAll(() => {
        spans = zipkinFixture(name);
        ({ calls, nodes } = traceLinks(spans));
      });

      it("every call joins two known nodes, and every node is in a call", () => {
        const named = new Set(calls.flatMap(({ parent, child }) => [parent, child]));
        expect([...nodes.keys()].sort()).toEqual([...named].sort());
        expect(named.has(UNKNOWN_SERVICE) || named.has("")).toBe(false);
      });

      it("a self-call comes only from a client naming its own service, or a loopback", () => {
        const serverHalves = new Set(
          spans.filter((s) => s.shared).map((s) => `${s.spanId} ${s.serviceName}`),
        );
        const servicesCallingThemselves = new Set(
          spans
            .filter((s) => s.kind === "CLIENT")
            .filter(
              (s) =>
                s.remoteServiceName === s.serviceName || serverHalves.has(`${s.spanId} ${s.serviceName}`),
            )
            .map((s) => s.serviceName),
        );
        for (const { parent, child } of calls) {
          if (parent === child) expect(servicesCallingThemselves).toContain(parent);
        }
      });

      it("a call instrumented on both sides counts once: the client's own peer name adds nothing", () => {
        const serverHalves = new Set(spans.filter((s) => s.shared).map((s) => s.spanId));
        const renamed = spans.map((s) =>
          s.kind === "CLIENT" && serverHalves.has(s.spanId) ? { ...s, remoteServiceName: "elsewhere" } : s,
        );
        expect(traceLinks(renamed).calls).toEqual(calls);
      });

      it("every shared pair's server half is one call from its client half's service", () => {
        const clients = new Map(
          spans.filter((s) => !s.shared && s.kind === "CLIENT").map((s) => [s.spanId, s]),
        );
        const expected: Record<string, number> = {};
        for (const server of spans.filter((s) => s.shared)) {
          const client = clients.get(server.spanId);
          if (!client) continue;
          const pair = `${client.serviceName} → ${server.serviceName}`;
          expected[pair] = (expected[pair] ?? 0) + 1;
        }
        const counts = pairCounts(calls);
        for (const [pair, count] of Object.entries(expected)) {
          expect(counts[pair]?.[0], pair).toBeGreaterThanOrEqual(count);
        }
      });
    },
  );

  it("smartthings-mobile-web-install: the one failed call is execution → alice", () => {
    const { calls } = traceLinks(zipkinFixture("smartthings-mobile-web-install"));
    expect(calls.filter((call) => call.error).map(({ parent, child }) => `${parent} → ${child}`)).toEqual([
      "execution → alice",
    ]);
  });
});

describe("PEER_ATTRIBUTE_KEYS", () => {
  // Link derivation reads spans back with only these attributes (lib/db/links.ts): a key peerOf
  // reads that is missing from the list would silently name peers differently after storage.
  it("holds every attribute key deriving the links reads, on every kind of peer", () => {
    const read = new Set<string>();
    const recorded = (attributes: Record<string, string | boolean>) =>
      new Proxy(attributes, {
        get(target, key) {
          if (typeof key === "string") read.add(key);
          return target[key as string];
        },
      });
    const peers: [SpanKind, Record<string, string | boolean>][] = [
      ["CLIENT", { "db.system.name": "postgresql", "db.namespace": "orders" }],
      ["CLIENT", { "db.system": "mysql", "db.name": "users" }],
      ["CLIENT", { "sql.query": "select 1", "server.address": "db1" }],
      ["CLIENT", { "peer.service": "billing" }],
      ["CLIENT", { "server.address": "api.stripe.com" }],
      ["CLIENT", { "net.peer.name": "api.example.com" }],
      ["PRODUCER", { "messaging.system": "kafka", "messaging.destination.template": "orders-{id}" }],
      ["PRODUCER", { "messaging.system": "kafka", "messaging.destination": "placed" }],
      ["PRODUCER", { "messaging.system": "rabbitmq", "messaging.destination.temporary": true }],
      ["CONSUMER", { "messaging.system": "kafka", "messaging.destination.name": "placed" }],
    ];
    const spans = [
      span("a", undefined, "SERVER", "api"),
      ...peers.map(([kind, attributes], i) =>
        span(`b${i}`, "a", kind, "api", { attributes: recorded(attributes) }),
      ),
    ];
    expect(traceLinks(spans).calls.length).toBeGreaterThanOrEqual(peers.length);
    expect([...read].filter((key) => !(PEER_ATTRIBUTE_KEYS as readonly string[]).includes(key))).toEqual([]);
    expect(read.size).toBeGreaterThan(5);
  });
});
