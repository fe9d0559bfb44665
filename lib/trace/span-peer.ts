import { effectiveKind, peerOf } from "../services/links";
import type { Outline } from "./outline";
import type { TraceTree } from "./tree";

/**
 * What each CLIENT and PRODUCER row calls, for the timeline's "caller → callee" label (as Jaeger
 * UI writes a client span's row); undefined for every other row and for a call that names no peer.
 *
 * - A CLIENT whose call another service recorded (a child row of another service: its server span,
 *   or the half of a Zipkin shared span) calls that service: what the trace shows beats what the
 *   client was told.
 * - Else the peer the span names, by the rules that name a dependency graph's nodes (`peerOf` in
 *   lib/services/links.ts): the remote service, `peer.service`, the database ("postgresql/orders"),
 *   the broker and destination ("kafka/orders"), or the host, here with its port
 *   ("api.stripe.com:443"), since one row is one connection.
 * - A PRODUCER calls its broker, never its consumer's service: a queue is between them.
 *
 * One pass over the rows with the outline's parents: O(n).
 */
export function rowCallees(tree: TraceTree, outline: Outline): (string | undefined)[] {
  const rows = tree.rows;
  const callees: (string | undefined)[] = new Array(rows.length);
  const kinds = rows.map(({ span }) => effectiveKind(span));
  for (let i = 0; i < rows.length; i++) {
    const parent = outline.parent[i] as number;
    if (parent < 0 || kinds[parent] !== "CLIENT" || callees[parent] !== undefined) continue;
    const service = rows[i]?.span.serviceName;
    if (service !== rows[parent]?.span.serviceName) callees[parent] = service;
  }
  for (let i = 0; i < rows.length; i++) {
    const kind = kinds[i];
    if (callees[i] !== undefined || (kind !== "CLIENT" && kind !== "PRODUCER")) continue;
    const span = (rows[i] as TraceTree["rows"][number]).span;
    const peer = peerOf(span, kind);
    if (!peer) continue;
    const a = span.attributes;
    const host = peer.name === a["server.address"] || peer.name === a["net.peer.name"];
    const port = a["server.port"] ?? a["net.peer.port"];
    const portText = typeof port === "number" || typeof port === "string" ? String(port) : "";
    callees[i] = host && portText !== "" ? `${peer.name}:${portText}` : peer.name;
  }
  return callees;
}
