import { describe, expect, it } from "vitest";
import { normaliseSpanId, normaliseTraceId } from "./ids";

describe("normaliseTraceId", () => {
  it.each([
    ["short id padded to 64 bits", "2", "0000000000000002"],
    ["upper case lowered", "ABCDEF0123456789", "abcdef0123456789"],
    ["128-bit kept", "5af7183fb1d4cf5f0123456789abcdef", "5af7183fb1d4cf5f0123456789abcdef"],
    ["17..31 digits padded to 128 bits", "15af7183fb1d4cf5f", "000000000000000" + "15af7183fb1d4cf5f"],
    ["128-bit with zero high bits is the 64-bit id", "00000000000000000123456789abcdef", "0123456789abcdef"],
  ])("%s", (_name, raw, expected) => {
    expect(normaliseTraceId(raw)).toEqual({ ok: true, id: expected });
  });

  it.each([
    ["empty", "", "is empty"],
    ["not hex", "trace-123", "is not hex"],
    ["too long", "1".repeat(33), "has more than 32 hex digits"],
    ["all zeros", "0000", "is all zeros"],
  ])("rejects %s", (_name, raw, reason) => {
    expect(normaliseTraceId(raw)).toEqual({ ok: false, reason });
  });
});

describe("normaliseSpanId", () => {
  it("pads to 16 digits and lowers case", () => {
    expect(normaliseSpanId("A1")).toEqual({ ok: true, id: "00000000000000a1" });
  });
  it("refuses 128-bit span ids", () => {
    expect(normaliseSpanId("1".repeat(17))).toEqual({ ok: false, reason: "has more than 16 hex digits" });
  });
});
