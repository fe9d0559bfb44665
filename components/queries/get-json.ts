import type { z } from "zod";
import { readAnswer } from "@/lib/api/read-answer";

/**
 * A GET of one of Tracelight's APIs, its answer checked against the `lib/api` zod schema the route's
 * type comes from: the data, or an Error for people (the server's message, or the HTTP status and
 * what was wrong, never a SyntaxError). How answers are read is lib/api/read-answer.ts.
 */
export async function getJson<T>(url: string, schema: z.ZodType<T>): Promise<T> {
  return readAnswer(await fetch(url), schema);
}
