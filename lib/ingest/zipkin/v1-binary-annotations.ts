import type { V1Endpoint } from "./v1-model";
import { type Conversion, forEndpoint, type V2Span } from "./v1-split";

const ADDRESS_KEYS: ReadonlySet<string> = new Set(["ca", "sa", "ma"]);

/**
 * Binary annotations become tags of the v2 span of the host that logged them, except the address
 * annotations (BOOL ca, sa, ma), which give the remote endpoint, and an empty `lc` (a marker). Runs
 * after the annotations, whose core ones say which half a remote address belongs to.
 */
export function readBinaryAnnotations(conversion: Conversion): void {
  const { source } = conversion;
  const first = conversion.spans[0] as V2Span;
  // A local span's host is the one that logged `lc`, wherever in the list that is.
  if (first.localEndpoint === undefined) {
    const lc = source.binaryAnnotations.find((annotation) => annotation.key === "lc" && annotation.endpoint);
    if (lc !== undefined) first.localEndpoint = lc.endpoint;
  }
  let ca: V1Endpoint | undefined;
  let sa: V1Endpoint | undefined;
  let ma: V1Endpoint | undefined;
  for (const { key, value, endpoint } of source.binaryAnnotations) {
    if (value === true && ADDRESS_KEYS.has(key)) {
      if (key === "ca") ca = endpoint;
      else if (key === "sa") sa = endpoint;
      else ma = endpoint;
      continue;
    }
    if (key === "lc" && value === "") continue;
    forEndpoint(conversion, endpoint).tags[key] = typeof value === "string" ? value : String(value);
  }
  setRemoteEndpoints(conversion, ca, sa, ma);
}

function setRemoteEndpoints(conversion: Conversion, ...[ca, sa, ma]: (V1Endpoint | undefined)[]): void {
  const { cs, sr, ss, cr, ms, mr } = conversion;
  if (cs === undefined && cr === undefined && sr === undefined && ss === undefined) {
    if (ca !== undefined && sa !== undefined) forEndpoint(conversion, ca).remoteEndpoint = sa;
    else if (sa !== undefined) forEndpoint(conversion, undefined).remoteEndpoint = sa;
    else if (ca !== undefined) {
      // Only the client's address: this host was the server.
      const span = forEndpoint(conversion, undefined);
      span.kind = "SERVER";
      span.remoteEndpoint = ca;
    }
    if (ca !== undefined || sa !== undefined) return;
  }
  const server = sr ?? ss;
  if (ca !== undefined && server !== undefined && !sameEndpoint(ca, server.endpoint)) {
    // Finagle logs the client's socket as `ca` under the server's own name: without the name, the
    // server does not appear to call itself.
    const remote = ca.serviceName === server.endpoint?.serviceName ? { ...ca, serviceName: undefined } : ca;
    forEndpoint(conversion, server.endpoint).remoteEndpoint = remote;
  }
  const client = cs ?? cr;
  if (sa !== undefined && client !== undefined) forEndpoint(conversion, client.endpoint).remoteEndpoint = sa;
  // Both sides of a messaging span, even one shared by mistake, get the broker's address.
  if (ma !== undefined && ms !== undefined) forEndpoint(conversion, ms.endpoint).remoteEndpoint = ma;
  if (ma !== undefined && mr !== undefined) forEndpoint(conversion, mr.endpoint).remoteEndpoint = ma;
}

function sameEndpoint(left: V1Endpoint, right: V1Endpoint | undefined): boolean {
  return (
    right !== undefined &&
    left.serviceName === right.serviceName &&
    left.ipv4 === right.ipv4 &&
    left.ipv6 === right.ipv6 &&
    left.port === right.port
  );
}
