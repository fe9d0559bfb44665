import { badRequest, describeValue } from "../../errors";
import type { Span } from "../../model/span";
import {
  readStruct,
  readThriftBody,
  type ThriftEncoding,
  type ThriftProtocol,
  ThriftType,
} from "../shared/thrift";
import { decodeZipkinV1Spans } from "../zipkin/v1";
import type { V1Span } from "../zipkin/v1-model";
import { readZipkinV1SpanList } from "../zipkin/v1-thrift";
import { readJaegerBatch } from "./thrift";

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
 * in the compact protocol (jaeger-client-go, Traefik, Ory, OTel's Jaeger exporters; the agent's port
 * 6831) or the binary protocol (jaeger-client-node; port 6832). Senders are often pointed at the
 * "wrong" one — jaeger-client-node writes binary to whatever port it is given, and 6831 is the port
 * most guides name — so the message's first bytes decide, not the port: a compact message starts
 * with its protocol id 0x82, a binary one with its version 0x8001 or, in the old unversioned form,
 * a name length. No framing and no reply: a datagram is the message.
 * The Batch and the Zipkin spans go through the HTTP endpoints' own readers, so a span decodes the same
 * whichever way it came. Anything else is a 400 RequestError naming the problem; never mutates
 * `datagram`.
 */
export function decodeAgentDatagram(datagram: Buffer): { spans: Span[] } {
  const call = readThriftBody(datagram, "datagram", readCall, encodingOf(datagram));
  if (call.method === "emitBatch") return { spans: call.spans };
  return decodeZipkinV1Spans(call.v1Spans);
}

const COMPACT_PROTOCOL_ID = 0x82;

function encodingOf(datagram: Buffer): ThriftEncoding {
  return datagram[0] === COMPACT_PROTOCOL_ID ? "compact" : "binary";
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
