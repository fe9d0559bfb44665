import { randomUUID } from "node:crypto";

/**
 * JSON.parse with its long integers kept exact, as bigint: Datadog's JSON carries uint64 ids and
 * int64 nanosecond times as bare numbers, which JSON.parse rounds to doubles past 2^53. Throws
 * JSON.parse's SyntaxError for text that is not JSON.
 *
 * Node 20 has no JSON.parse source access, so integer tokens of 16 digits or more are quoted with a
 * per-call random marker and turned back into bigint by the reviver. The text is parsed plainly
 * first: that reports a malformed text at its real position, and on valid JSON the token pattern
 * runs in one linear pass (every quote it meets opens a string that closes). A string can only
 * carry the marker by guessing a random UUID.
 */
const LONG_INTEGER = /"(?:[^"\\]|\\.)*"|(?<=[[,:]\s*)-?[1-9]\d{15,}(?=\s*[\],}])/g;

export function parseJsonExact(text: string): unknown {
  const plain: unknown = JSON.parse(text);
  const marker = `bigint:${randomUUID()}:`;
  let marked = false;
  const quoted = text.replace(LONG_INTEGER, (token) => {
    if (token.charCodeAt(0) === 34) return token;
    marked = true;
    return `"${marker}${token}"`;
  });
  if (!marked) return plain;
  return JSON.parse(quoted, (_key, value: unknown) =>
    typeof value === "string" && value.startsWith(marker) ? BigInt(value.slice(marker.length)) : value,
  );
}
