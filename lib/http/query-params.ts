import type { z } from "zod";
import { badRequest, describeValue } from "../errors";
import { singleParam } from "../search/params";

/**
 * A route's query string read through its zod schema: the typed parameters, or a 400 naming the
 * first parameter refused and why. Each value is read as every query parameter is (singleParam in
 * lib/search/params.ts: sent once, no NUL, well-formed, not over-long); one sent empty (`?limit=`)
 * is absent, as the peers' APIs treat it.
 */
export function parseQuery<T extends z.ZodType>(schema: T, params: URLSearchParams): z.output<T> {
  const input: Record<string, string> = {};
  for (const name of new Set(params.keys())) {
    const value = singleParam(params, name);
    if (value !== null && value !== "") input[name] = value;
  }
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0] as z.core.$ZodIssue;
  const name = issue.path.join(".");
  const sent = input[name];
  throw badRequest(
    sent === undefined
      ? `${name} is required`
      : `${name}: ${issue.message.replace(/^Invalid input: /, "")}, got ${describeValue(sent)}`,
  );
}
