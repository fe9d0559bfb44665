import type { z } from "zod";

/**
 * An API answer as JSON, or an Error saying what went wrong. A failed answer's `{error}` message is
 * thrown as it is (the server words it for people); an answer that is not JSON (a proxy's HTML error page, a cut-off body)
 * names its status rather than surfacing a SyntaxError. With a schema (lib/api), the answer is checked
 * against it, so a broken one fails here, naming what is wrong, not three components away.
 */
export async function getJson<T>(url: string, schema?: z.ZodType<T>): Promise<T> {
  const response = await fetch(url);
  const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${status}: the server's answer was not JSON`);
  }
  if (!response.ok) {
    const message = (body as { error?: unknown } | null)?.error;
    throw new Error(typeof message === "string" ? message : status);
  }
  if (!schema) return body as T;
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new Error(`${url} answered unexpectedly: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}
