import type { z } from "zod";
import { badRequest, describeValue } from "../errors";

/**
 * A route's query string read through its zod schema: the typed parameters, or a 400 naming the
 * first parameter refused and why. A parameter sent empty (`?limit=`) is absent, as the peers' APIs
 * treat it; a repeated one counts once, its first value.
 */
export function parseQuery<T extends z.ZodType>(schema: T, params: URLSearchParams): z.output<T> {
  const input: Record<string, string> = {};
  for (const [name, value] of params) if (value !== "" && !(name in input)) input[name] = value;
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
