import { badRequest } from "../../errors";

/**
 * Bodies in the wrong Thrift shape are refused by what they are, since each comes from a sender
 * configured for another endpoint: a compact-protocol message is an agent's UDP `emitBatch`, a
 * binary-protocol message is a `submitBatches` call for the collector's TChannel/Thrift RPC port.
 */
export function refuseThriftMessages(body: Buffer): void {
  const advice =
    "POST /api/traces takes a bare jaeger.Batch struct in the Thrift binary protocol, as jaeger-client's HTTP sender (collectorEndpoint) sends it";
  if (body[0] === 0x82 && body.length > 1 && ((body[1] as number) & 0x1f) === 1) {
    const name = compactMessageName(body);
    const what =
      name === "emitBatch"
        ? "a Jaeger agent emitBatch message in the Thrift compact protocol (what tracers send over UDP to an agent, port 6831)"
        : `a Thrift compact-protocol message${name === undefined ? "" : ` (${name})`}`;
    throw badRequest(`batch: this is ${what}, not a Batch; ${advice}`);
  }
  if (body[0] === 0x80 && body[1] === 0x01) {
    throw badRequest(
      `batch: this is a Thrift binary-protocol message (an RPC call), not a bare Batch; ${advice}`,
    );
  }
}

/** A compact message header: 0x82, version and type, varint sequence id, varint-length name. */
function compactMessageName(body: Buffer): string | undefined {
  let offset = 2;
  const varint = (): number | undefined => {
    let value = 0;
    for (let shift = 0; shift < 35 && offset < body.length; shift += 7) {
      const byte = body[offset++] as number;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
    return undefined;
  };
  if (varint() === undefined) return undefined;
  const length = varint();
  if (length === undefined || length > 64 || offset + length > body.length) return undefined;
  return body.toString("latin1", offset, offset + length);
}
