import { badRequest, describeValue } from "../errors";
import type { Span } from "../model/span";
import { readJaegerBatch } from "./jaeger-thrift";
import { normaliseSpans } from "./normalise";
import { readStruct, readThriftBody, type ThriftEncoding, type ThriftProtocol, ThriftType } from "./thrift";
import { decodeZipkinV1Spans } from "./zipkin-v1";
import type { V1Span } from "./zipkin-v1-model";
import { readZipkinV1SpanList } from "./zipkin-v1-thrift";

const { LIST, STRUCT } = ThriftType;
// Thrift's TMessageType: a oneway call is what agent.thrift declares; older senders write CALL.
const CALL = 1;
const ONEWAY = 4;

/** What a datagram calls, read but not yet converted: the conversions run once the read is complete. */
type AgentCall = { method: "emitBatch"; spans: Span[] } | { method: "emitZipkinBatch"; v1Spans: V1Span[] };

/**
 * Decodes one UDP datagram of the Jaeger agent's protocol: a single Thrift message calling the
 * `Agent` service of jaeger-idl's agent.thrift,
 *
 *   oneway void emitZipkinBatch(1: list<zipkincore.Span> spans)
 *   oneway void emitBatch(1: jaeger.Batch batch)
 *
 * in the compact protocol (port 6831: jaeger-client-go, Traefik, Ory, OTel's Jaeger exporters) or the
 * binary protocol (port 6832: jaeger-client-node). No framing and no reply: a datagram is the message.
 * The Batch and the Zipkin spans go through the HTTP endpoints' own readers, so a span decodes the same
 * whichever way it came. Anything else is a 400 RequestError naming the problem; never mutates
 * `datagram`.
 */
export function decodeAgentDatagram(datagram: Buffer, protocol: ThriftEncoding): { spans: Span[] } {
  refuseOtherEncoding(datagram, protocol);
  const call = readThriftBody(datagram, "datagram", readCall, protocol);
  if (call.method === "emitBatch") return { spans: normaliseSpans(call.spans) };
  return decodeZipkinV1Spans(call.v1Spans);
}

function readCall(protocol: ThriftProtocol): AgentCall {
  const { fname, mtype } = protocol.readMessageBegin();
  // The binary protocol's old unversioned header gives the name as bytes.
  const name: unknown = Buffer.isBuffer(fname) ? fname.toString("latin1") : fname;
  if (mtype !== ONEWAY && mtype !== CALL) {
    throw badRequest(`message type: expected ONEWAY (4) or CALL (1), got ${mtype}`);
  }
  let call: AgentCall | undefined;
  if (name === "emitBatch") {
    readArguments(protocol, STRUCT, () => {
      call = { method: name, spans: readJaegerBatch(protocol) };
    });
  } else if (name === "emitZipkinBatch") {
    readArguments(protocol, LIST, () => {
      call = { method: name, v1Spans: readZipkinV1SpanList(protocol, "spans") };
    });
  } else {
    throw badRequest(
      `message name: ${describeValue(name)} is not a method of the Jaeger Agent service; expected emitBatch or emitZipkinBatch`,
    );
  }
  protocol.readMessageEnd();
  if (call === undefined) {
    const what = name === "emitBatch" ? "a jaeger.Batch struct" : "a list of zipkincore.Span structs";
    throw badRequest(`${name}: argument 1 missing or of another type; expected ${what}`);
  }
  return call;
}

/** The arguments struct: field 1 is the one argument; other fields (a later IDL's) are skipped. */
function readArguments(protocol: ThriftProtocol, type: number, readArgument: () => void): void {
  readStruct(protocol, (fid, ftype) => {
    if (fid !== 1 || ftype !== type) return false;
    readArgument();
    return true;
  });
}

/**
 * A sender pointed at the other agent port writes the other encoding; its first bytes say so, and
 * the refusal says which port it meant, which the generic "not a Thrift body" would not.
 */
function refuseOtherEncoding(datagram: Buffer, protocol: ThriftEncoding): void {
  const compact = datagram[0] === 0x82 && datagram.length > 1 && ((datagram[1] as number) & 0x1f) === 1;
  const binary = datagram[0] === 0x80 && datagram[1] === 0x01;
  if (protocol === "binary" && compact) {
    throw badRequest(
      "datagram: a Thrift compact-protocol message on the binary-protocol port; compact senders belong on the agent's compact port (6831 by default)",
    );
  }
  if (protocol === "compact" && binary) {
    throw badRequest(
      "datagram: a Thrift binary-protocol message on the compact-protocol port; binary senders (jaeger-client-node) belong on the agent's binary port (6832 by default)",
    );
  }
}
