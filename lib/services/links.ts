import { cutText } from "../ingest/door/span-bounds";
import {
  type Attributes,
  MAX_SERVICE_NAME_LENGTH,
  type Span,
  type SpanKind,
  UNKNOWN_SERVICE,
} from "../model/span";
import { buildOutline } from "../trace/outline";
import { buildTraceTree, type TraceTree } from "../trace/tree";

export type NodeKind = "service" | "database" | "queue" | "external";

/** One call between two nodes, as the trace shows it. */
export interface LinkCall {
  parent: string;
  child: string;
  error: boolean;
  /** The duration and start of the span the call is counted from, µs. */
  durationUs: number;
  startUs: number;
}

export interface TraceLinks {
  /** In the trace's pre-order (lib/trace/tree). */
  calls: LinkCall[];
  /** Every node named in `calls`. */
  nodes: Map<string, NodeKind>;
}

/**
 * The service dependency calls of one trace, by Zipkin's DependencyLinker rules: each call between
 * two services counts once, from the span that knows both ends best. The tree is lib/trace/tree's
 * (a Zipkin server half sits under its client half); a span's "upstream" is its nearest ancestor
 * that is not INTERNAL.
 *
 * - SERVER: upstream's service → self. The upstream's service beats the span's `remoteServiceName`
 *   (what the server was told, not who called). With no upstream (a root, or an orphan whose
 *   parent is missing) the caller is `remoteServiceName`, else there is no call: a missing parent
 *   could have been any service. An upstream SERVER/CONSUMER of the same service is the same request
 *   instrumented twice, already counted. The call failed if the server, or the client directly
 *   above it (its other half), is ERROR: the client may have given up on a server that finished.
 * - CONSUMER: broker → self, the broker being `remoteServiceName` or `messaging.system`; never the
 *   producer's service, as a queue between them decouples them (Zipkin's rule).
 * - CLIENT: self → callee, unless a span under it represents the same call: a SERVER/CONSUMER (the
 *   call instrumented on both sides counts once) or a CLIENT of the same service (a lower layer of
 *   the same call, e.g. gRPC over HTTP: the layer nearest the wire counts, the outermost names the
 *   callee, a service rather than a host). The callee is the service of a span under it when the
 *   callee was instrumented without a server span, else the named peer (`peerOf`).
 *   A client of service B whose upstream is a SERVER/CONSUMER/PRODUCER of service A, and that has no
 *   server span under it, shows A reaching B with B's server side unrecorded: A → B (Zipkin's
 *   "missing link"), once per upstream span where Zipkin counts it per client span, not failed since
 *   nothing recorded the call.
 * - PRODUCER: self → broker (`peerOf`), whether or not a consumer follows: producer → broker →
 *   consumer, as Zipkin links them.
 * - INTERNAL: no call, except a span naming a `remoteServiceName`, which is a Zipkin span without a
 *   kind: Zipkin treats it as a CLIENT, and so does this.
 *
 * A span whose service is unknown (UNKNOWN_SERVICE) neither makes a call nor names a caller.
 * Loopback calls (A → A: a service calling itself through the network) are kept, as Zipkin keeps
 * them. O(n log n): the tree's sort (or `tree`, built once for this and the trace's paths), then two
 * linear passes.
 */
export function traceLinks(spans: readonly Span[], tree: TraceTree = buildTraceTree(spans)): TraceLinks {
  const { parent } = buildOutline(tree);
  const rows = tree.rows.map((row) => row.span);
  const n = rows.length;
  const kinds = rows.map(effectiveKind);
  const known = rows.map((span) => span.serviceName !== UNKNOWN_SERVICE && span.serviceName !== "");
  const upstream = new Int32Array(n);
  const deferred = new Uint8Array(n);
  const calleeRow = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const p = parent[i] as number;
    const u = p < 0 ? -1 : kinds[p] !== "INTERNAL" ? p : (upstream[p] as number);
    upstream[i] = u;
    if (u < 0 || kinds[u] !== "CLIENT" || !known[i]) continue;
    const sameService = rows[i]?.serviceName === rows[u]?.serviceName;
    const kind = kinds[i];
    if (kind === "SERVER" || kind === "CONSUMER") deferred[u] = TO_SERVER;
    else if (kind === "CLIENT" && sameService) deferred[u] ||= TO_INNER_CLIENT;
    else if (!sameService && calleeRow[u] === -1) calleeRow[u] = i;
  }

  const links = new LinkCollector();
  const peers: (Peer | undefined)[] = new Array(n);
  const entered = new Set<string>();
  for (let i = 0; i < n; i++) {
    const span = rows[i] as Span;
    if (!known[i]) continue;
    links.instrumented(span.serviceName);
    const self = span.serviceName;
    const failed = span.status.code === "ERROR";
    const u = upstream[i] as number;
    const up = u >= 0 && known[u] ? (rows[u] as Span) : undefined;
    switch (kinds[i]) {
      case "SERVER": {
        if (up?.serviceName === self && (kinds[u] === "SERVER" || kinds[u] === "CONSUMER")) break;
        const caller = up?.serviceName ?? span.remoteServiceName;
        const clientFailed = kinds[u] === "CLIENT" && up?.status.code === "ERROR";
        if (caller) links.add(caller, "service", self, "service", failed || clientFailed, span);
        break;
      }
      case "CONSUMER": {
        const broker = peerOf(span, "CONSUMER");
        if (broker) links.add(broker.name, broker.kind, self, "service", failed, span);
        break;
      }
      case "CLIENT": {
        const child = calleeRow[i] as number;
        const outer = up?.serviceName === self && kinds[u] === "CLIENT" ? peers[u] : undefined;
        const to =
          child >= 0
            ? { name: (rows[child] as Span).serviceName, kind: "service" as const }
            : (outer ?? peerOf(span));
        peers[i] = to;
        if (!deferred[i] && to) links.add(self, "service", to.name, to.kind, failed, span);
        // Zipkin's missing link: B's client under A's inbound span, B's server side unrecorded.
        if (deferred[i] !== TO_SERVER && up && up.serviceName !== self && kinds[u] !== "CLIENT") {
          const entry = `${u} ${self}`;
          if (!entered.has(entry)) links.add(up.serviceName, "service", self, "service", false, span);
          entered.add(entry);
        }
        break;
      }
      case "PRODUCER": {
        const broker = peerOf(span, "PRODUCER");
        if (broker) links.add(self, "service", broker.name, broker.kind, failed, span);
        break;
      }
    }
  }
  return links.result();
}

/** Why a CLIENT leaves its call to another span. */
const TO_SERVER = 1;
const TO_INNER_CLIENT = 2;

/** A Zipkin span without a kind but with a remote service is a call (Zipkin: a CLIENT). */
export function effectiveKind(span: Span): SpanKind {
  return span.kind === "INTERNAL" && span.remoteServiceName ? "CLIENT" : span.kind;
}

export interface Peer {
  name: string;
  kind: NodeKind;
}

/**
 * Every attribute `peerOf` reads, and the only ones link derivation needs: it reads the spans back
 * with their attributes narrowed to these (lib/db/links.ts), not whole. A key read below must be
 * listed here (links.test.ts checks that narrowing changes nothing).
 */
export const PEER_ATTRIBUTE_KEYS = [
  "db.system.name",
  "db.system",
  "messaging.system",
  "sql.query",
  "peer.service",
  "db.namespace",
  "db.name",
  "messaging.destination.temporary",
  "messaging.destination.template",
  "messaging.destination.name",
  "messaging.destination",
  "server.address",
  "net.peer.name",
] as const;

/**
 * The other end of a CLIENT, PRODUCER or CONSUMER span that no span of the trace shows from the
 * inside: `remoteServiceName`, else `peer.service`, else a name made from the OTel conventions, what
 * the peer is before where it is (a database's or a broker's host changes with the deployment, its
 * system does not):
 * - a database: `db.system` and the database, "postgresql/orders", or "postgresql" when the span
 *   names none. Keeping databases apart shows which services share one; the cost is that a driver
 *   span without the name (a connect) makes a second node;
 * - a broker: `messaging.system` and the destination, "kafka/orders" (a temporary destination, a
 *   reply queue, is left out), so that a producer and its consumer meet at one node;
 * - else an external host: `server.address` (`net.peer.name` before OTel 1.21).
 * A CONSUMER's peer is its broker: only a service name or `messaging.system` names it. The kind
 * comes from the span: a database when it has `db.system` (or Brave's `sql.query`), a queue when it
 * has `messaging.system` or is a PRODUCER or CONSUMER, else a service when named by a service name
 * and external when named by a host. The trace timeline names a client row's callee with it too
 * (lib/trace/span-peer.ts).
 */
export function peerOf(span: Span, kind: SpanKind = "CLIENT"): Peer | undefined {
  const a = span.attributes;
  const db = stringAttribute(a, "db.system.name") ?? stringAttribute(a, "db.system");
  const messaging = stringAttribute(a, "messaging.system");
  const evident: NodeKind | undefined =
    db || stringAttribute(a, "sql.query")
      ? "database"
      : messaging || kind === "PRODUCER" || kind === "CONSUMER"
        ? "queue"
        : undefined;
  const named = span.remoteServiceName || stringAttribute(a, "peer.service");
  if (named) return { name: named, kind: evident ?? "service" };
  if (db && kind !== "CONSUMER") {
    return {
      name: qualified(db, stringAttribute(a, "db.namespace") ?? stringAttribute(a, "db.name")),
      kind: "database",
    };
  }
  if (messaging) return { name: destination(messaging, a), kind: "queue" };
  const host =
    kind === "CONSUMER"
      ? undefined
      : (stringAttribute(a, "server.address") ?? stringAttribute(a, "net.peer.name"));
  return host ? { name: host, kind: evident ?? "external" } : undefined;
}

function destination(system: string, a: Attributes): string {
  if (a["messaging.destination.temporary"] === true || a["messaging.destination.temporary"] === "true") {
    return system;
  }
  const name =
    stringAttribute(a, "messaging.destination.template") ??
    stringAttribute(a, "messaging.destination.name") ??
    stringAttribute(a, "messaging.destination");
  return qualified(system, name);
}

const qualified = (system: string, name: string | undefined) => (name ? `${system}/${name}` : system);

/** A string attribute, undefined when absent, empty or of another type. */
export function stringAttribute(attributes: Attributes, key: string): string | undefined {
  const value = attributes[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * Calls in order, and each node's kind: an instrumented service is a service, else the likeliest.
 * Names are cut to a service name's length: a peer named from attribute values ("postgresql/" and a
 * 60 KB database name) would otherwise be a key PostgreSQL cannot index (lib/model/span.ts).
 */
class LinkCollector {
  private readonly calls: LinkCall[] = [];
  private readonly nodes = new Map<string, NodeKind>();
  private readonly services = new Set<string>();

  instrumented(service: string): void {
    this.services.add(service);
  }

  add(
    fullParent: string,
    parentKind: NodeKind,
    fullChild: string,
    childKind: NodeKind,
    error: boolean,
    span: Span,
  ) {
    const parent = cutText(fullParent, MAX_SERVICE_NAME_LENGTH);
    const child = cutText(fullChild, MAX_SERVICE_NAME_LENGTH);
    this.calls.push({ parent, child, error, durationUs: span.durationUs, startUs: span.startUs });
    this.note(parent, parentKind);
    this.note(child, childKind);
  }

  result(): TraceLinks {
    for (const name of this.nodes.keys()) if (this.services.has(name)) this.nodes.set(name, "service");
    return { calls: this.calls, nodes: this.nodes };
  }

  private note(name: string, kind: NodeKind): void {
    const known = this.nodes.get(name);
    if (known === undefined || RANK[kind] > RANK[known]) this.nodes.set(name, kind);
  }
}

/** Which evidence wins when one name is seen as two kinds: the more specific. */
const RANK: Record<NodeKind, number> = { external: 0, service: 1, queue: 2, database: 3 };
