import { describe, expect, it } from "vitest";
import {
  readI64Hex,
  readI64Number,
  readList,
  readThriftBody,
  type ThriftProtocol,
  ThriftType,
} from "./thrift";

const i64 = (value: bigint) => {
  const bytes = Buffer.alloc(8);
  bytes.writeBigInt64BE(value);
  return bytes;
};

describe("readI64Number", () => {
  it.each([
    [0n, 0],
    [1_700_000_000_000_000n, 1_700_000_000_000_000],
    [-1n, -1],
    [2n ** 53n - 1n, Number.MAX_SAFE_INTEGER],
    [-(2n ** 53n) + 1n, Number.MIN_SAFE_INTEGER],
    [2n ** 53n, "9007199254740992"],
    [2n ** 63n - 1n, "9223372036854775807"],
    [-(2n ** 63n), "-9223372036854775808"],
  ])("reads %s exactly, as a number while one is exact", (value, expected) => {
    expect(readThriftBody(i64(value), "body", readI64Number)).toBe(expected);
  });
});

describe("readThriftBody", () => {
  it("reads an i64 id as its two's-complement hex", () => {
    expect(readThriftBody(i64(-2n), "body", readI64Hex)).toBe("fffffffffffffffe");
  });

  it.each([
    [
      "a body that ends too early",
      i64(1n).subarray(0, 5),
      readI64Hex,
      /body: not a Thrift binary-protocol body \(ends too early\)/,
    ],
    ["bytes left over", Buffer.concat([i64(1n), Buffer.from([0])]), readI64Hex, /body: 1 bytes left over/],
    [
      "a list that claims more elements than the body holds",
      Buffer.from([ThriftType.I64, 0x7f, 0xff, 0xff, 0xff]),
      (protocol: Parameters<typeof readI64Hex>[0]) =>
        readList(protocol, ThriftType.I64, "spans", () => readI64Hex(protocol)),
      /spans: list claims 2147483647 elements/,
    ],
  ] as [string, Buffer, (protocol: ThriftProtocol) => unknown, RegExp][])(
    "refuses %s with a 400 naming it",
    (_case, body, read, message) => {
      expect(() => readThriftBody(body, "body", read)).toThrow(message);
    },
  );
});
