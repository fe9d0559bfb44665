import thrift from "thrift";
import { badRequest, RequestError } from "../../errors";

/**
 * Reading Thrift's binary protocol (TBinaryProtocol) from a request body, for the decoders of the
 * formats that use it: Zipkin v1 (`list<Span>`) and Jaeger (`Batch`), and the compact protocol
 * (TCompactProtocol) of the Jaeger agent's UDP datagrams, which carry both. The `thrift` package does the
 * wire work; what is here is what every such decoder needs around it: a body that is too short, has
 * bytes left over, or claims more elements than it holds is a 400 naming the offending path, never
 * an exception from inside the library or an allocation sized by an attacker.
 */
// The package exports it; its type declarations omit it.
const { InputBufferUnderrunError } = thrift as unknown as { InputBufferUnderrunError: typeof Error };

export type ThriftProtocol = thrift.TProtocol;
export const ThriftType = thrift.Thrift.Type;

/** Thrift's two wire encodings: binary (HTTP bodies, agent port 6832) and compact (agent port 6831). */
export type ThriftEncoding = "binary" | "compact";

/**
 * Reads `body` with `read`, which must consume all of it. `what` names the body in messages. The
 * compact protocol fails on garbage the same ways the binary one does (an underrun, an unknown type,
 * a negative size), so the same guard serves both.
 */
export function readThriftBody<T>(
  body: Buffer,
  what: string,
  read: (protocol: ThriftProtocol) => T,
  encoding: ThriftEncoding = "binary",
): T {
  const transport = new thrift.TFramedTransport(body);
  const protocol =
    encoding === "binary" ? new thrift.TBinaryProtocol(transport) : new thrift.TCompactProtocol(transport);
  let result: T;
  try {
    result = read(protocol);
  } catch (error) {
    if (error instanceof RequestError) throw error;
    const reason = error instanceof InputBufferUnderrunError ? "ends too early" : (error as Error).message;
    throw badRequest(`${what}: not a Thrift ${encoding}-protocol body (${reason})`);
  }
  const left = body.length - (transport as unknown as { readPos: number }).readPos;
  if (left > 0) throw badRequest(`${what}: ${left} bytes left over after the Thrift structure`);
  return result;
}

/**
 * Reads a struct field by field: `onField` reads the fields it knows and returns false for the
 * others, which are skipped, as Thrift's generated code does for fields added in later versions.
 */
export function readStruct(
  protocol: ThriftProtocol,
  onField: (id: number, type: thrift.Thrift.Type) => boolean,
): void {
  protocol.readStructBegin();
  for (;;) {
    const { ftype, fid } = protocol.readFieldBegin();
    if (ftype === ThriftType.STOP) break;
    if (!onField(fid, ftype)) protocol.skip(ftype);
    protocol.readFieldEnd();
  }
  protocol.readStructEnd();
}

/**
 * Reads a `list<T>` whose elements are of `type`, each with `readElement`. The declared length is
 * checked against the bytes that could possibly hold it before anything is allocated.
 */
export function readList<T>(
  protocol: ThriftProtocol,
  type: thrift.Thrift.Type,
  path: string,
  readElement: (index: number) => T,
): T[] {
  const { etype, size } = protocol.readListBegin();
  if (etype !== type && size > 0) {
    throw badRequest(`${path}: expected a list of ${typeName(type)}, got a list of ${typeName(etype)}`);
  }
  const transport = (protocol as unknown as { trans: { inBuf: Buffer; readPos: number } }).trans;
  if (size < 0 || size > transport.inBuf.length - transport.readPos) {
    throw badRequest(`${path}: list claims ${size} elements, more than the body holds`);
  }
  const list: T[] = new Array(size);
  for (let i = 0; i < size; i++) list[i] = readElement(i);
  protocol.readListEnd();
  return list;
}

/**
 * The transport's buffer and read position. The `thrift` package reads an i64 into a node-int64
 * object over a copied slice; ids and times are read straight from the buffer here instead, as they
 * are most of a span's fields (this halved the Jaeger decoder's time).
 */
interface BufferTransport {
  inBuf: Buffer;
  readPos: number;
}

function takeI64(protocol: ThriftProtocol): { buffer: Buffer; at: number } {
  // The compact protocol writes a zigzag varint; the package turns it into 8 big-endian bytes.
  if (protocol instanceof thrift.TCompactProtocol) {
    const { buffer, offset } = protocol.readI64() as unknown as { buffer: Buffer; offset: number };
    return { buffer, at: offset };
  }
  const transport = (protocol as unknown as { trans: BufferTransport }).trans;
  const at = transport.readPos;
  if (at + 8 > transport.inBuf.length) throw new InputBufferUnderrunError();
  transport.readPos = at + 8;
  return { buffer: transport.inBuf, at };
}

/** A Thrift i64 as 16 lower-case hex digits, its two's-complement bits: how ids travel in Thrift. */
export function readI64Hex(protocol: ThriftProtocol): string {
  const { buffer, at } = takeI64(protocol);
  return buffer.toString("hex", at, at + 8);
}

/** A Thrift i64 as a JS number when it is exact, else its decimal string (as OTel keeps big ints). */
export function readI64Number(protocol: ThriftProtocol): number | string {
  const { buffer, at } = takeI64(protocol);
  const high = buffer.readInt32BE(at);
  // |value| < 2^53 exactly when the high word is within ±2^21.
  if (high >= -0x200000 && high < 0x200000) return high * 0x100000000 + buffer.readUInt32BE(at + 4);
  return buffer.readBigInt64BE(at).toString();
}

function typeName(type: number): string {
  const name = Object.entries(ThriftType).find(([, value]) => value === type)?.[0];
  return name === undefined ? `type ${type}` : name.toLowerCase();
}
