/**
 * The one id normaliser. Every decoder and every read path goes through it, so a trace id typed in
 * the UI, sent by Zipkin as 16 hex or by OTel as 32 hex, meets the same stored form.
 *
 * Rules (Zipkin's, which Jaeger's ids also satisfy): lower-case hex; a trace id of up to 16 digits is
 * padded to 16, a longer one to 32; a 128-bit id whose high 64 bits are zero is the 64-bit id.
 * Span ids are padded to 16. All-zero ids are invalid (W3C trace context: "all bytes 0 is invalid").
 */

const HEX = /^[0-9a-f]+$/;

export type IdResult = { ok: true; id: string } | { ok: false; reason: string };

function normaliseHex(raw: string, maxDigits: number): IdResult {
  const lower = raw.toLowerCase();
  if (lower.length === 0) return { ok: false, reason: "is empty" };
  if (lower.length > maxDigits) return { ok: false, reason: `has more than ${maxDigits} hex digits` };
  if (!HEX.test(lower)) return { ok: false, reason: "is not hex" };
  if (/^0+$/.test(lower)) return { ok: false, reason: "is all zeros" };
  return { ok: true, id: lower };
}

export function normaliseTraceId(raw: string): IdResult {
  const hex = normaliseHex(raw, 32);
  if (!hex.ok) return hex;
  if (hex.id.length <= 16) return { ok: true, id: hex.id.padStart(16, "0") };
  const padded = hex.id.padStart(32, "0");
  return { ok: true, id: padded.startsWith("0000000000000000") ? padded.slice(16) : padded };
}

export function normaliseSpanId(raw: string): IdResult {
  const hex = normaliseHex(raw, 16);
  return hex.ok ? { ok: true, id: hex.id.padStart(16, "0") } : hex;
}
