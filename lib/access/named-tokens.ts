import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

/**
 * Named secrets, configured as `name:token` pairs, comma-separated (TRACELIGHT_INGEST_TOKENS and
 * TRACELIGHT_READ_TOKENS). The name says who holds the token: it is recorded on what the token
 * stores and counted in /metrics, so it is short and plain. The token travels unescaped in every
 * place a sender can put it (a Bearer header, a basic-auth password, DD-API-KEY, OpenTelemetry's
 * OTEL_EXPORTER_OTLP_HEADERS), so it keeps to characters all of them take, and is long enough not
 * to be guessed: `openssl rand -hex 32` makes one.
 */
export interface NamedToken {
  name: string;
  token: string;
}

const NAME = /^[A-Za-z0-9._-]{1,64}$/;
const TOKEN = /^[A-Za-z0-9._~+/=-]+$/;
/** 128 bits as hex: `openssl rand -hex 16` is the least a token may be. */
export const MIN_TOKEN_CHARS = 32;
export const MAX_TOKEN_CHARS = 512;

/**
 * The pairs of `text`, or an Error saying which entry is wrong and why. A message names an entry by
 * its position and name, never by its token: it ends up in the start-up log.
 */
export function parseNamedTokens(text: string): NamedToken[] {
  const entries = text.split(",").map((entry) => entry.trim());
  const tokens: NamedToken[] = [];
  for (const [i, entry] of entries.entries()) {
    const where = `entry ${i + 1}`;
    if (entry === "") throw new Error(`${where} is empty: expected name:token pairs separated by commas`);
    const colon = entry.indexOf(":");
    if (colon < 0) throw new Error(`${where} has no ":": expected name:token`);
    const name = entry.slice(0, colon);
    const token = entry.slice(colon + 1);
    if (!NAME.test(name)) {
      throw new Error(`${where}: a name is 1 to 64 letters, digits, ".", "_" or "-"`);
    }
    if (token.length < MIN_TOKEN_CHARS || token.length > MAX_TOKEN_CHARS) {
      throw new Error(
        `${where} (${name}): a token is ${MIN_TOKEN_CHARS} to ${MAX_TOKEN_CHARS} characters, e.g. the output of openssl rand -hex 32`,
      );
    }
    if (!TOKEN.test(token)) {
      throw new Error(`${where} (${name}): a token is letters, digits and . _ ~ + / = - only`);
    }
    if (tokens.some((other) => other.name === name)) throw new Error(`${where}: the name ${name} is taken`);
    const twin = tokens.find((other) => other.token === token);
    if (twin) throw new Error(`${where} (${name}) has the same token as ${twin.name}: give each its own`);
    tokens.push({ name, token });
  }
  return tokens;
}

/**
 * The name of the token `presented` is, or undefined. Each comparison is of SHA-256 digests with
 * timingSafeEqual, and every token is compared whatever matched, so the time taken says nothing about
 * how much of a token, or which one, a guess got right.
 */
export function tokenMatcher(tokens: readonly NamedToken[]): (presented: string) => string | undefined {
  const digests = tokens.map(({ name, token }) => ({ name, digest: sha256(token) }));
  return (presented) => {
    const digest = sha256(presented);
    let match: string | undefined;
    for (const entry of digests) {
      if (timingSafeEqual(digest, entry.digest)) match ??= entry.name;
    }
    return match;
  };
}

/** The token of an `Authorization: Bearer` header; undefined without one. */
export function bearerToken(request: IncomingMessage): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(request.headers.authorization ?? "");
  return match?.[1];
}

function sha256(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}
