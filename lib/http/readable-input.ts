import { badRequest, describeValue } from "../errors";
import type { Route } from "./router";

/**
 * The read routes' check of what their parsers (lib/search/params.ts) cannot see. URLSearchParams
 * and the router decode a broken percent-encoding leniently: "%zz" stays as sent and invalid UTF-8
 * ("%FF", a lone surrogate's "%ED%A0%80") becomes U+FFFD, so a name would be searched for as
 * something the client never sent. Here any query or path parameter of a read that is not
 * percent-encoded UTF-8 is refused with a 400 naming it, whether or not its route reads it. What a
 * decoded value means (a NUL, a number past 2^53) is for the parsers to judge, in their API's words.
 */
export function checkReadableInput(route: Route, url: URL): void {
  for (const pair of url.search.slice(1).split("&")) {
    if (pair === "") continue;
    const equals = pair.indexOf("=");
    const rawName = equals === -1 ? pair : pair.slice(0, equals);
    const name = decodeOrKeep(rawName) || "a parameter without a name";
    checkEncoded(name, rawName);
    if (equals !== -1) checkEncoded(name, pair.slice(equals + 1));
  }
  const pattern = route.path.split("/");
  for (const [i, segment] of url.pathname.split("/").entries()) {
    const name = pattern[i];
    if (name?.startsWith(":")) checkEncoded(name.slice(1), segment);
  }
}

/** `raw` as sent in a query string or a path. */
function checkEncoded(name: string, raw: string): void {
  try {
    decodeURIComponent(raw);
  } catch {
    throw badRequest(`${name}: expected percent-encoded UTF-8, got ${describeValue(raw)}`);
  }
}

/** A parameter's name for a message: decoded ("+" is a space in a query string), or as sent. */
function decodeOrKeep(raw: string): string {
  try {
    return decodeURIComponent(raw.replaceAll("+", " "));
  } catch {
    return raw;
  }
}
