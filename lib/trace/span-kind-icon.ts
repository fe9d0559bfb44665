import type { Span } from "../model/span";
import { effectiveKind, stringAttribute } from "../services/links";

/** The glyphs the timeline draws: what a span does, whatever protocol it speaks. */
export type SpanIconShape = "server" | "client" | "database" | "messaging" | "rpc" | "internal";

export interface SpanIcon {
  shape: SpanIconShape;
  /** What the icon says in words, for its title and aria-label: "database: postgresql". */
  label: string;
}

/** The HTTP attributes of OTel (1.21+ and before) and Zipkin's instrumentation. */
const HTTP_KEYS = [
  "http.request.method",
  "http.method",
  "http.route",
  "http.target",
  "http.url",
  "url.full",
  "http.path",
  "http.response.status_code",
  "http.status_code",
];

/**
 * The icon of a span's row, from what the span says it is, most specific first:
 * - messaging: a PRODUCER or CONSUMER, or a span with `messaging.system` (a Kafka poll is often
 *   INTERNAL or CLIENT); the label says which side when the kind does;
 * - database: `db.system.name` (OTel 1.26+), `db.system`, OpenTracing's `db.type`, or Brave's
 *   `sql.query`, whatever the kind (some drivers record INTERNAL spans);
 * - RPC: `rpc.system` (grpc, dubbo, …), server or client by kind;
 * - HTTP server or client: any HTTP attribute on a SERVER or CLIENT;
 * - else the bare kind: server, client or internal.
 * A Zipkin span without a kind but with a remote service is a client, as link derivation reads it.
 */
export function spanIcon(span: Span): SpanIcon {
  const a = span.attributes;
  const kind = effectiveKind(span);
  const messaging = stringAttribute(a, "messaging.system");
  if (messaging || kind === "PRODUCER" || kind === "CONSUMER") {
    const side = kind === "PRODUCER" ? " producer" : kind === "CONSUMER" ? " consumer" : "";
    return { shape: "messaging", label: named(`messaging${side}`, messaging) };
  }
  const db =
    stringAttribute(a, "db.system.name") ?? stringAttribute(a, "db.system") ?? stringAttribute(a, "db.type");
  if (db || stringAttribute(a, "sql.query")) return { shape: "database", label: named("database", db) };
  if (kind === "INTERNAL") return { shape: "internal", label: "internal" };
  const side = kind === "SERVER" ? "server" : "client";
  const rpc = stringAttribute(a, "rpc.system");
  if (rpc) return { shape: "rpc", label: `RPC ${side}: ${rpc}` };
  const http = HTTP_KEYS.some((key) => a[key] !== undefined);
  return { shape: side, label: http ? `HTTP ${side}` : side };
}

const named = (what: string, system: string | undefined) => (system ? `${what}: ${system}` : what);
