import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

/**
 * Named tokens (`name:token,name:token`, as TRACELIGHT_READ_TOKENS takes them): the name is what logs
 * and /metrics record, never the token. Names are short and plain so that they can be metric labels;
 * tokens are long enough not to be guessed and never compared in a time that depends on them.
 */
export interface NamedToken {
  name: string;
  token: string;
}

const NAME = /^[A-Za-z0-9._-]{1,64}$/;
/** 128 bits as hex: `openssl rand -hex 16` is the least a token may be. */
export const MIN_TOKEN_LENGTH = 32;

/** The pairs of a setting; throws a message naming the pair at fault (never its token). */
export function parseNamedTokens(text: string): NamedToken[] {
  const tokens: NamedToken[] = [];
  for (const [i, pair] of text.split(",").entries()) {
    const item = pair.trim();
    if (item === "") continue;
    const colon = item.indexOf(":");
    if (colon < 0) throw new Error(`pair ${i + 1} is not name:token`);
    const name = item.slice(0, colon);
    const token = item.slice(colon + 1);
    const which = NAME.test(name) ? `"${name}"` : `pair ${i + 1}`;
    if (!NAME.test(name)) throw new Error(`${which}: a name is 1 to 64 letters, digits, ".", "_" or "-"`);
    if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token)) {
      throw new Error(
        `${which}: a token is at least ${MIN_TOKEN_LENGTH} characters without spaces (openssl rand -hex 32 makes one)`,
      );
    }
    if (tokens.some((other) => other.name === name)) throw new Error(`${which} is named twice`);
    if (tokens.some((other) => other.token === token)) throw new Error(`${which} repeats another's token`);
    tokens.push({ name, token });
  }
  if (tokens.length === 0) throw new Error("expected name:token pairs, comma-separated");
  return tokens;
}

/**
 * The name of the token `presented` is, or undefined. Every token is compared, each as a SHA-256
 * digest with timingSafeEqual: the time taken says nothing about how much of which token matched.
 */
export function matchToken(tokens: readonly NamedToken[], presented: string): string | undefined {
  const digest = sha256(presented);
  let found: string | undefined;
  for (const { name, token } of tokens) {
    if (timingSafeEqual(digest, sha256(token)) && found === undefined) found = name;
  }
  return found;
}

/** The token of an `Authorization: Bearer` header; undefined without one. */
export function bearerToken(request: IncomingMessage): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(request.headers.authorization ?? "");
  return match?.[1];
}

function sha256(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}
