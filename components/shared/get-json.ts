import type { z } from "zod";

/**
 * An API answer as JSON, or its `{error}` message as a thrown Error. With a schema (lib/api), the
 * answer is checked against it, so a broken one fails here, naming what is wrong, not three
 * components away.
 */
export async function getJson<T>(url: string, schema?: z.ZodType<T>): Promise<T> {
  const response = await fetch(url);
  const body = (await response.json()) as T | { error: string };
  if (!response.ok)
    throw new Error((body as { error?: string }).error ?? `${response.status} ${response.statusText}`);
  if (!schema) return body as T;
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new Error(`${url} answered unexpectedly: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}
