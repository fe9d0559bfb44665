/**
 * The binary Zipkin formats (v1 Thrift, v2 proto3) carry endpoint addresses as packed bytes; the
 * JSON formats, and so the canonical model, carry their text forms. These turn one into the other.
 */

/** Thrift's `Endpoint.ipv4` is a signed i32 of the 4 address bytes, big-endian; 0 means unknown. */
export function ipv4FromI32(packed: number): string | undefined {
  if (packed === 0) return undefined;
  return `${(packed >>> 24) & 255}.${(packed >>> 16) & 255}.${(packed >>> 8) & 255}.${packed & 255}`;
}

/** 4 address bytes as a dotted quad. */
export function ipv4FromBytes(bytes: Uint8Array, offset = 0): string {
  return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
}

/** The first 80 bits zero and the next 16 set: an IPv4 address carried in IPv6 (RFC 4291 2.5.5.2). */
export function isIpv4Mapped(bytes: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}

/**
 * 16 address bytes in RFC 5952's canonical text: lower-case groups without leading zeros, and the
 * longest run of two or more zero groups (the first, on a tie) written as `::`.
 */
export function ipv6FromBytes(bytes: Uint8Array): string {
  const groups: number[] = new Array(8);
  for (let i = 0; i < 8; i++) groups[i] = ((bytes[2 * i] as number) << 8) | (bytes[2 * i + 1] as number);
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let end = i;
    while (end < 8 && groups[end] === 0) end++;
    if (end - i > bestLength) [bestStart, bestLength] = [i, end - i];
    i = end;
  }
  const hex = (from: number, to: number) =>
    groups
      .slice(from, to)
      .map((group) => group.toString(16))
      .join(":");
  if (bestStart < 0) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLength, 8)}`;
}
